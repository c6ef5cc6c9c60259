export interface BackoffOptions {
  /** First delay's ceiling, in ms (default 250). */
  initialMs?: number;
  /** Largest ceiling, in ms (default 30 000). */
  maxMs?: number;
}

/**
 * "Full jitter" exponential backoff: a random delay between 0 and min(max, initial * 2^attempt), so that clients
 * dropped together (an instance restart) do not come back together.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 250;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
