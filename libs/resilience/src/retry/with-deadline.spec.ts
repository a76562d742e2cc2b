import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceededError } from './deadline-exceeded.error';
import { withDeadline } from './with-deadline';

/** An operation that only settles when its signal aborts, like a well-behaved HTTP call. */
function untilAborted(seen: AbortSignal[]): (signal: AbortSignal) => Promise<never> {
  return (signal) => {
    seen.push(signal);
    return new Promise<never>(() => undefined);
  };
}

describe(withDeadline.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the result of an operation that finishes in time', async () => {
    await expect(withDeadline(() => Promise.resolve('ok'), 100)).resolves.toBe('ok');
  });

  it('aborts the signal and rejects with DeadlineExceededError when the deadline passes', async () => {
    const seen: AbortSignal[] = [];
    const result = withDeadline(untilAborted(seen), 100);
    const assertion = expect(result).rejects.toBeInstanceOf(DeadlineExceededError);

    await vi.advanceTimersByTimeAsync(99);
    expect(seen[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    await assertion;
    expect(seen[0]?.aborted).toBe(true);
    expect(seen[0]?.reason).toBeInstanceOf(DeadlineExceededError);
  });

  it('rejects with the outer reason and aborts the operation when the outer signal aborts', async () => {
    const outer = new AbortController();
    const seen: AbortSignal[] = [];
    const result = withDeadline(untilAborted(seen), 1_000, outer.signal);
    const reason = new Error('caller left');

    outer.abort(reason);

    await expect(result).rejects.toBe(reason);
    expect(seen[0]?.aborted).toBe(true);
  });

  it('does not start the operation when the outer signal is already aborted', async () => {
    const outer = new AbortController();
    outer.abort(new Error('gone'));
    const operation = vi.fn(() => Promise.resolve(1));

    await expect(withDeadline(operation, 100, outer.signal)).rejects.toThrow('gone');
    expect(operation).not.toHaveBeenCalled();
  });

  it('sets no deadline when the timeout is not finite', async () => {
    const seen: AbortSignal[] = [];
    void withDeadline(untilAborted(seen), Infinity).catch(() => undefined);

    await vi.advanceTimersByTimeAsync(60_000);

    expect(seen[0]?.aborted).toBe(false);
  });
});
