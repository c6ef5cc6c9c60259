/**
 * Gives the client a JWT. `forceRefresh` is true when the last one was refused or is about to expire: return a
 * new one then, not a cached one.
 */
export type TokenProvider = (options: { forceRefresh: boolean }) => Promise<string>;

/** The token's `exp` in ms since the epoch, or undefined when it cannot be read. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const payload = token.split('.')[1];
    const json = decodeBase64Url(payload);
    const exp = JSON.parse(json).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function decodeBase64Url(value: string): string {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const g = globalThis as any;
  if (typeof g.atob === 'function') {
    const binary: string = g.atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    return decodeURIComponent(
      Array.from(binary, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
    );
  }
  return Buffer.from(base64, 'base64').toString('utf8');
}
