import { describe, expect, it } from 'vitest';
import { LocalLease } from './local-lease';
import type { RateLimitDecision } from './rate-limit-decision';
import { RateLimitExceededError } from './rate-limit.errors';

/** A shared store with `available` points in one window; records every call. */
function store(limit: number, available: number) {
  const calls: number[] = [];
  let left = available;
  const take = (_key: string, points: number): Promise<RateLimitDecision> => {
    calls.push(points);
    const decision = { limit, remaining: Math.max(0, left - points), resetSeconds: 30, windowSeconds: 60 };
    if (points > left) {
      left = 0;
      return Promise.reject(new RateLimitExceededError({ ...decision, remaining: 0 }));
    }
    left -= points;
    return Promise.resolve(decision);
  };
  return { take, calls };
}

describe(LocalLease.name, () => {
  it('asks the store for every request while the limit is small (exact)', async () => {
    const { take, calls } = store(100, 100);
    const lease = new LocalLease(100, take);
    await lease.consume('client');
    await lease.consume('client');
    expect(calls).toEqual([1, 1]);
  });

  it('serves a large limit from leases of 1 %, one store call per lease, shared by concurrent requests', async () => {
    const { take, calls } = store(10_000, 10_000);
    const lease = new LocalLease(10_000, take);
    const decisions = await Promise.all(Array.from({ length: 250 }, () => lease.consume('client')));
    expect(calls).toEqual([50, 50, 50, 50, 50]);
    expect(decisions.at(-1)?.remaining).toBe(10_000 - 250);
  });

  it('never lets through more than the store granted and remembers a refusal until the window resets', async () => {
    let now = 0;
    const { take, calls } = store(10_000, 120);
    const lease = new LocalLease(10_000, take, () => now);
    const outcomes = await Promise.allSettled(Array.from({ length: 130 }, () => lease.consume('client')));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBe(100);
    const refusal = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refusal?.status === 'rejected' && refusal.reason).toBeInstanceOf(RateLimitExceededError);
    const callsAfterRefusal = calls.length;
    await expect(lease.consume('client')).rejects.toBeInstanceOf(RateLimitExceededError);
    expect(calls.length).toBe(callsAfterRefusal);
    now += 31_000;
    await expect(lease.consume('client')).rejects.toBeInstanceOf(RateLimitExceededError);
    expect(calls.length).toBe(callsAfterRefusal + 1);
  });

  it('keeps clients apart', async () => {
    const { take, calls } = store(10_000, 10_000);
    const lease = new LocalLease(10_000, take);
    await lease.consume('a');
    await lease.consume('b');
    expect(calls).toEqual([50, 50]);
  });
});
