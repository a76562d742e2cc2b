import { DeadlineExceededError } from './deadline-exceeded.error';

/**
 * Runs `operation` with a signal that aborts after `timeoutMs` (none when not finite) or when the
 * outer `signal` aborts.
 * Rejects with {@link DeadlineExceededError} on timeout, or with the outer signal's reason,
 * without waiting for an operation that ignores its signal.
 */
export async function withDeadline<T>(
  operation: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<T> {
  signal?.throwIfAborted();
  const controller = new AbortController();
  const abortFromOuter = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', abortFromOuter, { once: true });
  // A plain timer (not AbortSignal.timeout) so fake timers in tests control it.
  const timer = Number.isFinite(timeoutMs)
    ? setTimeout(() => controller.abort(new DeadlineExceededError(timeoutMs)), timeoutMs)
    : undefined;
  const aborted = new Promise<never>((_, reject) => {
    // The reason is a DeadlineExceededError or the caller's own abort reason, passed on unchanged.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  try {
    return await Promise.race([operation(controller.signal), aborted]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abortFromOuter);
  }
}
