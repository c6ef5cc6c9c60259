import type { ErrorCode } from './frames.generated';

/** Error frame codes that a later attempt of the same frame can get past. */
const RETRYABLE_CODES = new Set<string>(['rate_limited', 'unauthorized', 'internal']);

/**
 * A refusal from the WebSocket (an `error` frame) or the loss of the connection (`disconnected`). `retryable`:
 * sending the same frame again later can succeed; the client does so by itself for sends in its outbox.
 */
export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode | 'disconnected' | 'closed',
    message: string,
    readonly retryable: boolean,
    readonly ref?: string,
  ) {
    super(message);
    this.name = 'ChatError';
  }

  static fromFrame(frame: { code: ErrorCode; message: string; ref?: string; retryable?: boolean }): ChatError {
    // `internal` is retryable only when the server says so; rate limits and expired tokens always are.
    const retryable = frame.retryable === true || (frame.code !== 'internal' && RETRYABLE_CODES.has(frame.code));
    return new ChatError(frame.code, frame.message, retryable, frame.ref);
  }
}

/** A REST refusal: the problem+json body's `code`, `title` and `detail`, and the HTTP status. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string | undefined,
    /** How long the server asked to wait (`Retry-After`), when it did. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(`${status} ${code}${detail ? `: ${detail}` : ''}`);
    this.name = 'RestError';
  }

  /** Rate limits, an instance going away and server faults can pass on a later try. */
  get retryable(): boolean {
    return this.status === 429 || this.status === 503 || this.status >= 500;
  }
}
