/** How long to wait between attempts. */
export type Backoff =
  | { kind: 'exponential'; baseMs: number; maxMs: number; jitter?: boolean }
  | { kind: 'linear'; stepMs: number; maxMs: number }
  | { kind: 'fixed'; delayMs: number };

/**
 * Delay in ms to wait after failed attempt number `attempt` (1-based) before the next one.
 * Exponential with `jitter` is "full jitter": uniform in [0, min(maxMs, baseMs * 2^(attempt-1))],
 * which spreads retries of many clients so they do not hit a recovering element in lockstep.
 * Pure: pass `random` to make it deterministic.
 */
export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  switch (backoff.kind) {
    case 'exponential': {
      const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (n - 1));
      return backoff.jitter ? random() * ceiling : ceiling;
    }
    case 'linear':
      return Math.min(backoff.maxMs, backoff.stepMs * n);
    case 'fixed':
      return backoff.delayMs;
  }
}
