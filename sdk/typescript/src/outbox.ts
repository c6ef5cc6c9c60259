/** A send not yet acked: resent with the same clientMsgId until the server acks it or refuses it for good. */
export interface PendingSend {
  clientMsgId: string;
  conversation: string;
  text?: string;
  ciphertext?: string;
  attachments?: string[];
  /** When the app sent it (ms since the epoch); the outbox resends oldest first. */
  createdAt: number;
}

/**
 * Where the outbox keeps unacked sends. Keep it durable (AsyncStorage in React Native, IndexedDB in browsers) and
 * sends survive an app restart: {@link ChatClient.connect} loads them and resends them.
 */
export interface OutboxStorage {
  load(): Promise<PendingSend[]>;
  put(send: PendingSend): Promise<void>;
  remove(clientMsgId: string): Promise<void>;
}

/** The default: lost with the process. */
export class MemoryOutboxStorage implements OutboxStorage {
  private readonly sends = new Map<string, PendingSend>();

  async load(): Promise<PendingSend[]> {
    return [...this.sends.values()];
  }

  async put(send: PendingSend): Promise<void> {
    this.sends.set(send.clientMsgId, { ...send });
  }

  async remove(clientMsgId: string): Promise<void> {
    this.sends.delete(clientMsgId);
  }
}

/**
 * An {@link OutboxStorage} over any string key-value store with AsyncStorage's shape
 * (`getItem`/`setItem`), e.g. `new KeyValueOutboxStorage(AsyncStorage)`.
 */
export class KeyValueOutboxStorage implements OutboxStorage {
  constructor(
    private readonly store: {
      getItem(key: string): Promise<string | null>;
      setItem(key: string, value: string): Promise<void>;
    },
    private readonly key = 'charter.outbox',
  ) {}

  async load(): Promise<PendingSend[]> {
    const raw = await this.store.getItem(this.key);
    return raw ? (JSON.parse(raw) as PendingSend[]) : [];
  }

  async put(send: PendingSend): Promise<void> {
    const all = (await this.load()).filter((s) => s.clientMsgId !== send.clientMsgId);
    all.push(send);
    await this.store.setItem(this.key, JSON.stringify(all));
  }

  async remove(clientMsgId: string): Promise<void> {
    const all = await this.load();
    await this.store.setItem(this.key, JSON.stringify(all.filter((s) => s.clientMsgId !== clientMsgId)));
  }
}
