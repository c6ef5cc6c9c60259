/** The part of a WebSocket the client uses: the WHATWG API, which `ws`, browsers and React Native share. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** The handshake's HTTP status when the server refused the upgrade and the platform tells it (Node). */
  refusedStatus?: number;
}

/** Opens a socket to `url` authenticated with `token`. */
export type WebSocketFactory = (url: string, token: string) => WebSocketLike;

export const SUBPROTOCOL = 'charter.v1';

/**
 * The sub-protocol that carries the token where no header can be set (browsers). URL-encoded: the WHATWG
 * WebSocket API refuses a sub-protocol with a space in it, and the server decodes it.
 */
export function tokenSubprotocol(token: string): string {
  return `quarkus-http-upgrade#Authorization#${encodeURIComponent(`Bearer ${token}`)}`;
}

/** Node: the `ws` package with an `Authorization` header. */
export function nodeWebSocket(url: string, token: string): WebSocketLike {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const WebSocket = require('ws');
  const socket = new WebSocket(url, [SUBPROTOCOL], { headers: { Authorization: `Bearer ${token}` } });
  socket.on('unexpected-response', (_req: unknown, res: { statusCode: number; resume(): void }) => {
    socket.refusedStatus = res.statusCode;
    res.resume();
    socket.emit('error', new Error(`handshake refused: ${res.statusCode}`));
    socket.terminate?.();
  });
  return socket as WebSocketLike;
}

/** React Native: its WebSocket takes headers as a third argument. */
export function reactNativeWebSocket(url: string, token: string): WebSocketLike {
  const WebSocket = (globalThis as any).WebSocket;
  return new WebSocket(url, [SUBPROTOCOL], { headers: { Authorization: `Bearer ${token}` } });
}

/** Browsers: no headers on a WebSocket, so the token travels as a sub-protocol. */
export function browserWebSocket(url: string, token: string): WebSocketLike {
  const WebSocket = (globalThis as any).WebSocket;
  return new WebSocket(url, [SUBPROTOCOL, tokenSubprotocol(token)]);
}

/** The factory for the platform this runs on. */
export function defaultWebSocketFactory(): WebSocketFactory {
  const g = globalThis as any;
  if (g.navigator?.product === 'ReactNative') return reactNativeWebSocket;
  if (typeof g.document !== 'undefined' && typeof g.WebSocket === 'function') return browserWebSocket;
  return nodeWebSocket;
}
