import { ChatClient } from '../dist/index.js';
import { baseUrl, token } from './server.mjs';

/** A client for `sub` whose provider mints a fresh token per call; `calls` counts them by forceRefresh. */
export function clientFor(sub, { ttlSeconds = 3600, ...options } = {}) {
  const calls = { normal: 0, forced: 0 };
  const client = new ChatClient({
    baseUrl,
    tokenProvider: async ({ forceRefresh }) => {
      calls[forceRefresh ? 'forced' : 'normal']++;
      return token(sub, { ttlSeconds });
    },
    reconnect: { initialMs: 100, maxMs: 2_000 },
    ...options,
  });
  client.tokenCalls = calls;
  return client;
}

/** Resolves once `predicate()` holds, polling; fails after `timeoutMs` with `what`. */
export async function until(predicate, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
