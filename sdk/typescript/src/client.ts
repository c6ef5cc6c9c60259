import { BackoffOptions, backoffDelay } from './backoff';
import { Emitter } from './emitter';
import { ChatError } from './errors';
import type {
  ClientFrame,
  Edited,
  ErrorFrame,
  History,
  Message,
  ModerationNotice,
  BreachNotice,
  Receipt,
  Removed,
  ReportUpdate,
  SendAck,
  ServerFrame,
  TypingNotice,
  Welcome,
} from './frames.generated';
import { MemoryOutboxStorage, OutboxStorage, PendingSend } from './outbox';
import { RestClient } from './rest';
import { TokenProvider, tokenExpiry } from './token';
import { WebSocketFactory, WebSocketLike, defaultWebSocketFactory } from './transport';

export interface ChatClientOptions {
  /** The server's base URL, e.g. `https://chat.example.com`; the socket is `/v1/ws` on it. */
  baseUrl: string;
  tokenProvider: TokenProvider;
  /** Where unacked sends are kept (default: memory). */
  outbox?: OutboxStorage;
  /** Last seq the app has already shown, per conversation: delivery resumes after it. */
  lastSeqs?: Record<string, number>;
  reconnect?: BackoffOptions;
  /** Reconnect with a fresh token this long before the current one expires (default 60 s, at most a fifth of its life). */
  refreshMarginMs?: number;
  /**
   * Whether to replace the socket before its token expires (default true). When false the server closes it at
   * expiry (an `unauthorized` error, then 1008) and the client reconnects with a fresh token then.
   */
  refreshBeforeExpiry?: boolean;
  /** Messages per `sync` page (default 100). */
  syncLimit?: number;
  /** Sends on the wire without an answer, at most (default 50). */
  sendWindow?: number;
  /** How long a gap in seqs may wait for the missing message before a `sync` fetches it (default 1 s). */
  gapWaitMs?: number;
  /** Idle time before a `ping` (default 25 s); no answer within the same time and the socket is replaced. */
  heartbeatMs?: number;
  webSocketFactory?: WebSocketFactory;
  fetch?: typeof fetch;
}

export type SendContent = { text: string; attachments?: string[] } | { ciphertext: string; attachments?: string[] };

export interface ChatEvents {
  /** Connected and welcomed; missed messages are being synced. */
  connected: (welcome: Welcome) => void;
  disconnected: (info: { code: number; reason: string }) => void;
  /** Each message of each conversation exactly once, in seq order, the user's own (from their acks) included. */
  message: (message: Message) => void;
  /** A send committed: its seq and messageId. */
  ack: (ack: SendAck) => void;
  receipt: (receipt: Receipt) => void;
  edited: (edited: Edited) => void;
  removed: (removed: Removed) => void;
  typing: (typing: TypingNotice) => void;
  moderationNotice: (notice: ModerationNotice) => void;
  /** A personal data breach affects the user: show the privacy officer's notice. */
  breachNotice: (notice: BreachNotice) => void;
  reportUpdate: (update: ReportUpdate) => void;
  /** A send the server refused for good (it left the outbox), or an error frame no request waits for. */
  error: (error: ChatError) => void;
}

interface Waiter {
  resolve(frame: ServerFrame): void;
  reject(error: ChatError): void;
}

interface Conversation {
  lastSeq: number;
  /** Messages past a gap, by seq, waiting for the ones before them. */
  pending: Map<number, Message>;
  gapTimer?: ReturnType<typeof setTimeout>;
  syncing: boolean;
}

/**
 * A Charter chat connection that survives what networks and servers do: it reconnects with jittered backoff, syncs
 * every conversation from the last seq it delivered, hands each message to the app once and in seq order, and
 * resends unacked sends with their original clientMsgId (the server acks a repeat with the original ack).
 */
export class ChatClient extends Emitter<ChatEvents> {
  readonly rest: RestClient;
  /** The user the server welcomed, once connected. */
  user?: string;

  private readonly options: Required<Omit<ChatClientOptions, 'lastSeqs' | 'fetch' | 'outbox' | 'reconnect'>> & {
    reconnect: BackoffOptions;
  };
  private readonly storage: OutboxStorage;
  private readonly wsUrl: string;
  private socket?: WebSocketLike;
  private welcomed = false;
  private lastWelcome?: Welcome;
  private stopped = true;
  private attempt = 0;
  private forceRefresh = false;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private heartbeatTimer?: ReturnType<typeof setTimeout>;
  private lastFrameAt = 0;
  private refCounter = 0;
  private readonly waiters = new Map<string, Waiter>();
  private readonly conversations = new Map<string, Conversation>();
  /** Unacked sends in the order they were made; `inFlight` ones are on the current socket. */
  private readonly outbox = new Map<string, PendingSend>();
  private readonly inFlight = new Set<string>();
  private readonly sendPromises = new Map<string, { resolve(ack: SendAck): void; reject(e: ChatError): void }>();
  private pausedUntil = 0;
  private pauseAttempt = 0;
  private flushTimer?: ReturnType<typeof setTimeout>;
  private outboxLoaded?: Promise<void>;

  constructor(options: ChatClientOptions) {
    super();
    this.options = {
      baseUrl: options.baseUrl.replace(/\/$/, ''),
      tokenProvider: options.tokenProvider,
      reconnect: options.reconnect ?? {},
      refreshMarginMs: options.refreshMarginMs ?? 60_000,
      refreshBeforeExpiry: options.refreshBeforeExpiry ?? true,
      syncLimit: options.syncLimit ?? 100,
      sendWindow: options.sendWindow ?? 50,
      gapWaitMs: options.gapWaitMs ?? 1_000,
      heartbeatMs: options.heartbeatMs ?? 25_000,
      webSocketFactory: options.webSocketFactory ?? defaultWebSocketFactory(),
    };
    this.storage = options.outbox ?? new MemoryOutboxStorage();
    this.wsUrl = this.options.baseUrl.replace(/^http/, 'ws') + '/v1/ws';
    this.rest = new RestClient({ baseUrl: this.options.baseUrl, tokenProvider: options.tokenProvider, fetch: options.fetch });
    for (const [conversation, seq] of Object.entries(options.lastSeqs ?? {})) this.track(conversation, seq);
  }

  /** Opens the connection (and keeps it open until {@link close}); resolves once welcomed the first time. */
  async connect(): Promise<Welcome> {
    if (this.welcomed && this.lastWelcome) return this.lastWelcome;
    const alreadyStarted = !this.stopped;
    this.stopped = false;
    this.outboxLoaded ??= this.storage.load().then((sends) => {
      for (const send of sends.sort((a, b) => a.createdAt - b.createdAt)) this.outbox.set(send.clientMsgId, send);
    });
    await this.outboxLoaded;
    const welcomed = new Promise<Welcome>((resolve) => {
      const off = this.on('connected', (welcome) => {
        off();
        resolve(welcome);
      });
    });
    if (!alreadyStarted) void this.open(); // otherwise a socket is opening or a reconnect is scheduled
    return welcomed;
  }

  /** Closes the connection for good; unacked sends stay in the outbox storage. */
  close(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.refreshTimer);
    clearTimeout(this.heartbeatTimer);
    clearTimeout(this.flushTimer);
    for (const c of this.conversations.values()) clearTimeout(c.gapTimer);
    const socket = this.socket;
    this.socket = undefined;
    this.dropped(socket);
    socket?.close(1000, 'client closed');
    for (const p of this.sendPromises.values()) p.reject(new ChatError('closed', 'the client was closed; the send stays in the outbox', true));
    this.sendPromises.clear();
  }

  /** Follow a conversation from `afterSeq` (default: from its first message): missed messages are synced. */
  track(conversation: string, afterSeq = 0): void {
    if (!this.conversations.has(conversation)) {
      this.conversations.set(conversation, { lastSeq: afterSeq, pending: new Map(), syncing: false });
      if (this.welcomed) void this.sync(conversation);
    }
  }

  /** The last seq delivered to the app per conversation: persist it, and pass it back as `lastSeqs`. */
  lastSeqs(): Record<string, number> {
    return Object.fromEntries([...this.conversations].map(([id, c]) => [id, c.lastSeq]));
  }

  /**
   * Sends a message. It is kept in the outbox until acked, resent with the same clientMsgId after reconnects and
   * retryable errors; resolves with the ack, rejects only when the server refuses it for good.
   */
  async send(conversation: string, content: SendContent, clientMsgId: string = uuid()): Promise<SendAck> {
    this.track(conversation);
    const pending: PendingSend = { clientMsgId, conversation, createdAt: Date.now(), ...content };
    const acked = new Promise<SendAck>((resolve, reject) => this.sendPromises.set(clientMsgId, { resolve, reject }));
    await this.storage.put(pending);
    this.outbox.set(clientMsgId, pending);
    this.flush();
    return acked;
  }

  /** Unacked sends, oldest first. */
  pendingSends(): PendingSend[] {
    return [...this.outbox.values()];
  }

  markRead(conversation: string, seq: number): Promise<void> {
    return this.request({ type: 'read', conversation, seq }).then(() => undefined);
  }

  edit(conversation: string, seq: number, content: { text: string } | { ciphertext: string }): Promise<void> {
    return this.request({ type: 'edit', conversation, seq, ...content }).then(() => undefined);
  }

  unsend(conversation: string, seq: number): Promise<void> {
    return this.request({ type: 'unsend', conversation, seq }).then(() => undefined);
  }

  /** Tells the other members this user is typing (the server passes on one every 3 s at most). */
  typing(conversation: string): void {
    this.write({ type: 'typing', conversation });
  }

  ping(): Promise<void> {
    return this.request({ type: 'ping' }).then(() => undefined);
  }

  /** A frame that expects an answer with its `ref`: rejects with the error frame, or on disconnect. */
  request(frame: ClientFrame): Promise<ServerFrame> {
    const ref = `q${++this.refCounter}`;
    return new Promise((resolve, reject) => {
      if (!this.welcomed || !this.socket) {
        reject(new ChatError('disconnected', 'not connected', true, ref));
        return;
      }
      this.waiters.set(ref, { resolve, reject });
      this.write({ ...frame, ref });
    });
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    let token: string;
    try {
      token = await this.options.tokenProvider({ forceRefresh: this.forceRefresh });
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) return;
    this.forceRefresh = false;
    this.scheduleRefresh(token);
    let socket: WebSocketLike;
    try {
      socket = this.options.webSocketFactory(this.wsUrl, token);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.welcomed = false;
    socket.onmessage = (event) => {
      if (socket !== this.socket) return;
      this.lastFrameAt = Date.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data));
      } catch {
        return;
      }
      this.onFrame(frame);
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      if (socket.refusedStatus === 401) this.forceRefresh = true;
      this.dropped(socket);
      this.emit('disconnected', { code: event.code, reason: event.reason });
      this.scheduleReconnect();
    };
    socket.onerror = () => {
      /* onclose follows */
    };
  }

  /** The socket is gone: requests on it fail, its sends go back to the queue. */
  private dropped(socket: WebSocketLike | undefined): void {
    if (!socket) return;
    this.welcomed = false;
    clearTimeout(this.heartbeatTimer);
    this.inFlight.clear();
    for (const [ref, waiter] of this.waiters) waiter.reject(new ChatError('disconnected', 'the connection dropped', true, ref));
    this.waiters.clear();
    for (const c of this.conversations.values()) c.syncing = false;
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    const delay = backoffDelay(this.attempt++, this.options.reconnect);
    this.reconnectTimer = setTimeout(() => void this.open(), delay);
  }

  /** Replace the socket before the token expires: a socket outliving its token is closed by the server. */
  private scheduleRefresh(token: string): void {
    clearTimeout(this.refreshTimer);
    const expiry = tokenExpiry(token);
    if (expiry === undefined || !this.options.refreshBeforeExpiry) return;
    const life = expiry - Date.now();
    const at = life - Math.min(this.options.refreshMarginMs, life / 5);
    this.refreshTimer = setTimeout(() => {
      if (this.stopped) return;
      this.forceRefresh = true;
      const socket = this.socket;
      if (socket) {
        this.socket = undefined;
        this.dropped(socket);
        socket.close(1000, 'token refresh');
      }
      clearTimeout(this.reconnectTimer);
      void this.open();
    }, Math.max(0, at));
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        this.welcomed = true;
        this.attempt = 0;
        this.user = frame.user;
        this.lastWelcome = frame;
        this.heartbeat();
        this.emit('connected', frame);
        for (const conversation of this.conversations.keys()) void this.sync(conversation);
        this.flush();
        return;
      case 'ack':
        if ('clientMsgId' in frame && frame.clientMsgId) {
          this.acked(frame as SendAck);
          return;
        }
        this.answer(frame.ref, frame);
        return;
      case 'history':
      case 'pong':
        this.answer(frame.ref, frame);
        return;
      case 'error':
        this.onError(frame);
        return;
      case 'message':
        this.accept(frame);
        return;
      case 'receipt':
        this.emit('receipt', frame);
        return;
      case 'edited':
        this.emit('edited', frame);
        return;
      case 'removed':
        this.emit('removed', frame);
        return;
      case 'typing':
        this.emit('typing', frame);
        return;
      case 'moderation_notice':
        this.emit('moderationNotice', frame);
        return;
      case 'breach_notice':
        this.emit('breachNotice', frame);
        return;
      case 'report_update':
        this.emit('reportUpdate', frame);
        return;
    }
  }

  private answer(ref: string | undefined, frame: ServerFrame): void {
    const waiter = ref ? this.waiters.get(ref) : undefined;
    if (!waiter) return;
    this.waiters.delete(ref!);
    waiter.resolve(frame);
  }

  private onError(frame: ErrorFrame): void {
    const error = ChatError.fromFrame(frame);
    if (frame.code === 'unauthorized') this.forceRefresh = true; // the server closes the socket next
    const ref = frame.ref;
    if (ref?.startsWith('s:')) {
      this.sendRefused(ref.slice(2), error);
      return;
    }
    const waiter = ref ? this.waiters.get(ref) : undefined;
    if (waiter) {
      this.waiters.delete(ref!);
      waiter.reject(error);
      return;
    }
    this.emit('error', error);
  }

  private sendRefused(clientMsgId: string, error: ChatError): void {
    this.inFlight.delete(clientMsgId);
    if (!this.outbox.has(clientMsgId)) return;
    if (error.retryable) {
      // Hold every send back for a while: what follows this one would be refused too.
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + backoffDelay(this.pauseAttempt++, { initialMs: 200, maxMs: 5_000 }) + 50);
      this.flush();
      return;
    }
    this.outbox.delete(clientMsgId);
    void this.storage.remove(clientMsgId);
    const promise = this.sendPromises.get(clientMsgId);
    this.sendPromises.delete(clientMsgId);
    if (promise) promise.reject(error);
    else this.emit('error', error);
    this.flush();
  }

  private acked(ack: SendAck): void {
    const pending = this.outbox.get(ack.clientMsgId);
    this.inFlight.delete(ack.clientMsgId);
    this.pauseAttempt = 0;
    if (pending) {
      this.outbox.delete(ack.clientMsgId);
      void this.storage.remove(ack.clientMsgId);
      this.emit('ack', ack);
      const promise = this.sendPromises.get(ack.clientMsgId);
      this.sendPromises.delete(ack.clientMsgId);
      promise?.resolve(ack);
      // The sending connection gets the ack instead of the message: the app still sees its message in order.
      const own: Message = {
        type: 'message',
        conversation: ack.conversation,
        seq: ack.seq,
        messageId: ack.messageId,
        sender: this.user ?? null,
        sentAt: ack.sentAt,
        ...(pending.text !== undefined ? { text: pending.text } : { ciphertext: pending.ciphertext }),
      };
      this.accept(own);
    }
    this.flush();
  }

  /** Sends queued sends while connected, not held back, and within the window. */
  private flush(): void {
    if (!this.welcomed || !this.socket) return;
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) {
      clearTimeout(this.flushTimer);
      this.flushTimer = setTimeout(() => this.flush(), wait);
      return;
    }
    for (const send of this.outbox.values()) {
      if (this.inFlight.size >= this.options.sendWindow) return;
      if (this.inFlight.has(send.clientMsgId)) continue;
      this.inFlight.add(send.clientMsgId);
      const frame: Record<string, unknown> = {
        type: 'send',
        ref: `s:${send.clientMsgId}`,
        conversation: send.conversation,
        clientMsgId: send.clientMsgId,
      };
      if (send.text !== undefined) frame.text = send.text;
      if (send.ciphertext !== undefined) frame.ciphertext = send.ciphertext;
      if (send.attachments?.length) frame.attachments = send.attachments;
      this.write(frame as unknown as ClientFrame);
    }
  }

  private write(frame: ClientFrame): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== 1) return;
    socket.send(JSON.stringify(frame));
  }

  private conversation(id: string): Conversation {
    this.track(id);
    return this.conversations.get(id)!;
  }

  /** Delivers a message in seq order, once: older seqs are dropped, later ones wait for the gap to fill. */
  private accept(message: Message): void {
    const c = this.conversation(message.conversation);
    if (message.seq <= c.lastSeq) return;
    if (!c.pending.has(message.seq)) c.pending.set(message.seq, message);
    this.drain(message.conversation, c);
  }

  private drain(id: string, c: Conversation): void {
    let next: Message | undefined;
    while ((next = c.pending.get(c.lastSeq + 1))) {
      c.pending.delete(next.seq);
      c.lastSeq = next.seq;
      this.emit('message', next);
    }
    for (const seq of c.pending.keys()) if (seq <= c.lastSeq) c.pending.delete(seq);
    clearTimeout(c.gapTimer);
    c.gapTimer = undefined;
    if (c.pending.size > 0 && !c.syncing) {
      c.gapTimer = setTimeout(() => void this.sync(id), this.options.gapWaitMs);
    }
  }

  /** `sync` from the last delivered seq until `hasMore` is false. */
  private async sync(id: string): Promise<void> {
    const c = this.conversation(id);
    if (c.syncing || !this.welcomed) return;
    c.syncing = true;
    clearTimeout(c.gapTimer);
    try {
      for (;;) {
        const history = (await this.request({
          type: 'sync',
          conversation: id,
          afterSeq: c.lastSeq,
          limit: this.options.syncLimit,
        })) as History;
        // History is authoritative: a seq it skips does not exist (expired), so deliver what it has in order.
        for (const message of history.messages) {
          if (message.seq > c.lastSeq) {
            c.pending.delete(message.seq);
            c.lastSeq = message.seq;
            this.emit('message', message);
          }
        }
        if (!history.hasMore || history.messages.length === 0) break;
      }
    } catch (e) {
      if (e instanceof ChatError && !e.retryable) this.emit('error', e);
      // Disconnected: the next welcome syncs again. Otherwise a later gap does.
    } finally {
      c.syncing = false;
    }
    this.drain(id, c);
  }

  private heartbeat(): void {
    clearTimeout(this.heartbeatTimer);
    const socket = this.socket;
    this.heartbeatTimer = setTimeout(async () => {
      if (socket !== this.socket || !this.welcomed) return;
      if (Date.now() - this.lastFrameAt < this.options.heartbeatMs) {
        this.heartbeat();
        return;
      }
      const timeout = setTimeout(() => {
        if (socket && socket === this.socket) socket.close(4000, 'no answer to ping');
      }, this.options.heartbeatMs);
      try {
        await this.ping();
      } catch {
        /* a drop is handled by onclose */
      } finally {
        clearTimeout(timeout);
      }
      if (socket === this.socket) this.heartbeat();
    }, this.options.heartbeatMs);
  }
}

/** A random (version 4) UUID, from Web Crypto where it exists. */
export function uuid(): string {
  const g = globalThis as any;
  if (typeof g.crypto?.randomUUID === 'function') return g.crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof g.crypto?.getRandomValues === 'function') g.crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
