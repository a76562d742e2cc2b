import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceededError } from './deadline-exceeded.error';
import { retry, type RetryInfo, type RetryPolicy } from './retry';

const fixed = (delayMs: number): RetryPolicy['backoff'] => ({ kind: 'fixed', delayMs });

/** An operation that fails `failures` times with numbered errors, then returns 'done'. */
function failingTimes(failures: number): ReturnType<typeof vi.fn<(attempt: number) => Promise<string>>> {
  return vi.fn((attempt: number) =>
    attempt <= failures ? Promise.reject(new Error(`failure ${attempt}`)) : Promise.resolve('done'),
  );
}

describe(retry.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the first success without retrying', async () => {
    const operation = failingTimes(0);

    await expect(retry(operation, { attempts: 3, backoff: fixed(10) })).resolves.toBe('done');
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('retries after the backoff delay and passes the attempt number', async () => {
    const operation = failingTimes(2);
    const retries: RetryInfo[] = [];
    const result = retry(
      operation,
      { attempts: 3, backoff: { kind: 'linear', stepMs: 100, maxMs: 1_000 } },
      { onRetry: (info) => retries.push(info) },
    );

    await vi.advanceTimersByTimeAsync(99);
    expect(operation).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(operation).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(200);

    await expect(result).resolves.toBe('done');
    expect(operation.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2, 3]);
    expect(retries.map(({ attempt, delayMs }) => ({ attempt, delayMs }))).toEqual([
      { attempt: 1, delayMs: 100 },
      { attempt: 2, delayMs: 200 },
    ]);
    expect(retries[0]?.error).toEqual(new Error('failure 1'));
  });

  it('uses the injected random source for jittered exponential backoff', async () => {
    const retries: RetryInfo[] = [];
    const result = retry(
      failingTimes(2),
      { attempts: 3, backoff: { kind: 'exponential', baseMs: 100, maxMs: 1_000, jitter: true } },
      { onRetry: (info) => retries.push(info), random: () => 0.25 },
    );

    await vi.runAllTimersAsync();

    await expect(result).resolves.toBe('done');
    expect(retries.map(({ delayMs }) => delayMs)).toEqual([25, 50]);
  });

  it('rethrows the last error unwrapped when attempts are exhausted', async () => {
    const operation = failingTimes(5);
    const result = retry(operation, { attempts: 3, backoff: fixed(10) });
    const assertion = expect(result).rejects.toThrow(new Error('failure 3'));

    await vi.runAllTimersAsync();

    await assertion;
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it('makes a single attempt when attempts is 1', async () => {
    const operation = failingTimes(1);

    await expect(retry(operation, { attempts: 1, backoff: fixed(10) })).rejects.toThrow('failure 1');
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('rethrows a non-retryable error at once', async () => {
    const notFound = new Error('404');
    const operation = vi.fn(() => Promise.reject(notFound));
    const onRetry = vi.fn();

    await expect(
      retry(
        operation,
        { attempts: 5, backoff: fixed(10), isRetryable: (error) => error !== notFound },
        { onRetry },
      ),
    ).rejects.toBe(notFound);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('aborts a slow attempt at its deadline and retries it as DeadlineExceededError', async () => {
    const signals: AbortSignal[] = [];
    const operation = vi.fn((attempt: number, signal: AbortSignal) => {
      signals.push(signal);
      return attempt === 1 ? new Promise<string>(() => undefined) : Promise.resolve('second');
    });
    const retries: RetryInfo[] = [];
    const result = retry(
      operation,
      { attempts: 2, backoff: fixed(10), timeoutMs: 50 },
      { onRetry: (info) => retries.push(info) },
    );

    await vi.advanceTimersByTimeAsync(50);
    expect(signals[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(10);

    await expect(result).resolves.toBe('second');
    expect(retries[0]?.error).toBeInstanceOf(DeadlineExceededError);
    expect(signals[1]?.aborted).toBe(false);
  });

  it('rejects with the abort reason while waiting between attempts', async () => {
    const outer = new AbortController();
    const operation = failingTimes(5);
    const result = retry(operation, { attempts: 5, backoff: fixed(1_000) }, { signal: outer.signal });
    const reason = new Error('shutting down');
    const assertion = expect(result).rejects.toBe(reason);

    await vi.advanceTimersByTimeAsync(10);
    outer.abort(reason);

    await assertion;
    await vi.runAllTimersAsync();
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('rejects with the abort reason and aborts the running attempt', async () => {
    const outer = new AbortController();
    const signals: AbortSignal[] = [];
    const result = retry(
      (_attempt, signal) => {
        signals.push(signal);
        return new Promise<string>(() => undefined);
      },
      { attempts: 3, backoff: fixed(10) },
      { signal: outer.signal },
    );
    const reason = new Error('request cancelled');

    outer.abort(reason);

    await expect(result).rejects.toBe(reason);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
  });
});
