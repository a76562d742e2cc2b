import { backoffDelay, type Backoff } from './backoff';
import { sleep } from './sleep';
import { withDeadline } from './with-deadline';

/** How often and how patiently to retry an operation. */
export interface RetryPolicy {
  /** Total attempts, including the first one (1 = no retry). */
  attempts: number;
  backoff: Backoff;
  /** Deadline of each attempt; on expiry its signal aborts and it fails with DeadlineExceededError. */
  timeoutMs?: number;
  /** Whether an error may be retried; defaults to "every error". Not consulted for the last attempt. */
  isRetryable?: (error: unknown) => boolean;
}

/** What `onRetry` learns before each wait. */
export interface RetryInfo {
  /** The attempt that just failed (1-based). */
  attempt: number;
  delayMs: number;
  error: unknown;
}

/** Options of one {@link retry} call. */
export interface RetryOptions {
  /** Aborting it stops the current attempt or wait and rejects with its reason. */
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  /** Source of randomness for jitter; injectable for tests. */
  random?: () => number;
}

/**
 * Runs `operation` up to `policy.attempts` times, waiting `policy.backoff` between attempts.
 * Rethrows a non-retryable error at once and the last error (unwrapped) when attempts run out.
 */
export async function retry<T>(
  operation: (attempt: number, signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy,
  options: RetryOptions = {},
): Promise<T> {
  const { signal, onRetry, random } = options;
  const isRetryable = policy.isRetryable ?? (() => true);
  const attempts = Math.max(1, Math.floor(policy.attempts));

  for (let attempt = 1; ; attempt++) {
    try {
      // Even without a timeout, race the outer signal so an attempt that ignores it cannot hold the caller.
      return await withDeadline(
        (attemptSignal) => operation(attempt, attemptSignal),
        policy.timeoutMs ?? Infinity,
        signal,
      );
    } catch (error) {
      // The caller gave up: its reason wins over whatever the attempt failed with.
      signal?.throwIfAborted();
      if (attempt >= attempts || !isRetryable(error)) {
        throw error;
      }
      const delayMs = backoffDelay(policy.backoff, attempt, random);
      onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}
