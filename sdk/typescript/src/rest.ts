import { RestError } from './errors';
import type { Attachment } from './frames.generated';
import type { TokenProvider } from './token';

export interface Conversation {
  id: string;
  kind: 'direct' | 'group';
  title: string | null;
  members: string[];
  lastSeq: number;
  readSeq?: number;
  e2ee?: boolean;
  retentionDays?: number | null;
}

export interface Consent {
  purpose: string;
  status: 'granted' | 'withdrawn' | 'none';
  policyVersion?: string;
  locale?: string;
  at?: string;
}

export type RightsRequestType = 'access' | 'portability' | 'erasure' | 'rectification' | 'restriction' | 'objection';

export interface RightsRequest {
  id: string;
  type: RightsRequestType;
  status: 'received' | 'in_progress' | 'completed' | 'rejected';
  receivedAt: string;
  dueAt: string;
  jurisdiction: string;
  exportUrl?: string;
}

export interface Report {
  id: string;
  conversation?: string;
  seq?: number;
  reason?: string;
  status: 'open' | 'resolved';
  action?: string | null;
  decidedAt?: string | null;
}

export interface Device {
  deviceId: string;
  platform: 'apns' | 'fcm';
  locale?: string;
  createdAt: string;
  lastPushAt?: string | null;
}

export interface RestClientOptions {
  baseUrl: string;
  tokenProvider: TokenProvider;
  fetch?: typeof fetch;
}

/** The REST API (docs/contract.md) as the token provider's user; errors are {@link RestError}s. */
export class RestClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: RestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  // Conversations

  createDirect(member: string, options: { e2ee?: boolean; retentionDays?: number } = {}): Promise<Conversation> {
    return this.json('POST', '/v1/conversations', { kind: 'direct', members: [member], ...options });
  }

  createGroup(title: string, members: string[], options: { e2ee?: boolean; retentionDays?: number } = {}): Promise<Conversation> {
    return this.json('POST', '/v1/conversations', { kind: 'group', title, members, ...options });
  }

  /** Every conversation of the user, following the `Link: rel="next"` pages. */
  async conversations(): Promise<Conversation[]> {
    const all: Conversation[] = [];
    let path: string | undefined = '/v1/conversations';
    while (path) {
      const res = await this.call('GET', path);
      all.push(...((await res.json()) as Conversation[]));
      path = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    }
    return all;
  }

  addMember(conversation: string, user: string): Promise<void> {
    return this.none('POST', `/v1/conversations/${conversation}/members`, { user });
  }

  leave(conversation: string): Promise<void> {
    return this.none('DELETE', `/v1/conversations/${conversation}/members/me`);
  }

  messages(conversation: string, afterSeq = 0, limit = 50): Promise<{ messages: unknown[]; hasMore: boolean }> {
    return this.json('GET', `/v1/conversations/${conversation}/messages?afterSeq=${afterSeq}&limit=${limit}`);
  }

  deleteMessage(conversation: string, seq: number): Promise<void> {
    return this.none('DELETE', `/v1/conversations/${conversation}/messages/${seq}`);
  }

  setRetention(conversation: string, days: number | null): Promise<unknown> {
    return this.json('PUT', `/v1/conversations/${conversation}/retention`, { days });
  }

  // Blocking

  block(user: string): Promise<void> {
    return this.none('PUT', `/v1/me/blocks/${encodeURIComponent(user)}`);
  }

  unblock(user: string): Promise<void> {
    return this.none('DELETE', `/v1/me/blocks/${encodeURIComponent(user)}`);
  }

  blocks(): Promise<string[]> {
    return this.json('GET', '/v1/me/blocks');
  }

  // Privacy: policy, consents, rights requests

  region(): Promise<{ region: string; jurisdictions: string[]; countries: string[] }> {
    return this.json('GET', '/v1/region');
  }

  policy(locale?: string): Promise<{ version: string; locale: string; text: string; purposes: { id: string; legalBasis: string; description: string }[] }> {
    return this.json('GET', `/v1/privacy/policy${locale ? `?locale=${encodeURIComponent(locale)}` : ''}`);
  }

  consents(): Promise<Consent[]> {
    return this.json('GET', '/v1/me/consents');
  }

  setConsent(purpose: string, granted: boolean, policyVersion: string, locale: string): Promise<Consent> {
    return this.json('PUT', `/v1/me/consents/${encodeURIComponent(purpose)}`, { granted, policyVersion, locale });
  }

  createRequest(type: RightsRequestType, details: Record<string, unknown> = {}): Promise<RightsRequest> {
    return this.json('POST', '/v1/me/requests', { type, details });
  }

  requests(): Promise<RightsRequest[]> {
    return this.json('GET', '/v1/me/requests');
  }

  request(id: string): Promise<RightsRequest> {
    return this.json('GET', `/v1/me/requests/${id}`);
  }

  export(id: string): Promise<Record<string, unknown>> {
    return this.json('GET', `/v1/me/requests/${id}/export`);
  }

  // Moderation

  report(report: { conversation: string; seq: number; reason: 'spam' | 'harassment' | 'illegal' | 'other'; note?: string; copy?: string }): Promise<Report> {
    return this.json('POST', '/v1/reports', report);
  }

  myReports(): Promise<Report[]> {
    return this.json('GET', '/v1/me/reports');
  }

  // Devices (push)

  registerDevice(deviceId: string, device: { platform: 'apns' | 'fcm'; token: string; locale?: string }): Promise<void> {
    return this.none('PUT', `/v1/me/devices/${encodeURIComponent(deviceId)}`, device);
  }

  devices(): Promise<Device[]> {
    return this.json('GET', '/v1/me/devices');
  }

  removeDevice(deviceId: string): Promise<void> {
    return this.none('DELETE', `/v1/me/devices/${encodeURIComponent(deviceId)}`);
  }

  // Attachments

  async uploadAttachment(conversation: string, body: Uint8Array | Blob, contentType: string): Promise<Attachment> {
    const res = await this.call('POST', `/v1/conversations/${conversation}/attachments`, body, contentType);
    return (await res.json()) as Attachment;
  }

  /** The attachment's bytes; `range` as in HTTP (`bytes=0-1023`). */
  async downloadAttachment(id: string, range?: string): Promise<Uint8Array> {
    const res = await this.call('GET', `/v1/attachments/${id}`, undefined, undefined, range ? { Range: range } : {});
    return new Uint8Array(await res.arrayBuffer());
  }

  // Plumbing

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async none(method: string, path: string, body?: unknown): Promise<void> {
    await this.call(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  }

  /** One call; a 401 gets one more try with a freshly provided token. */
  async call(method: string, path: string, body?: unknown, contentType?: string, headers: Record<string, string> = {}): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.options.tokenProvider({ forceRefresh: attempt > 0 });
      const res = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body !== undefined && contentType ? { 'Content-Type': contentType } : {}),
          ...headers,
        },
        body: body as any,
      });
      if (res.ok) return res;
      if (res.status === 401 && attempt === 0) continue;
      throw await problem(res);
    }
  }
}

async function problem(res: Response): Promise<RestError> {
  let body: { code?: string; title?: string; detail?: string } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    /* not problem+json */
  }
  const retryAfter = Number(res.headers.get('retry-after'));
  return new RestError(
    res.status,
    body.code ?? String(res.status),
    body.title ?? res.statusText,
    body.detail,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  );
}
