import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe(backoffDelay.name, () => {
  describe('exponential', () => {
    const backoff = { kind: 'exponential', baseMs: 100, maxMs: 1_000 } as const;

    it('doubles from the base and caps at the maximum', () => {
      expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(backoff, attempt))).toEqual([
        100, 200, 400, 800, 1_000, 1_000,
      ]);
    });

    it('draws full jitter between zero and the capped ceiling', () => {
      const jittered = { ...backoff, jitter: true };
      expect(backoffDelay(jittered, 3, () => 0)).toBe(0);
      expect(backoffDelay(jittered, 3, () => 0.5)).toBe(200);
      expect(backoffDelay(jittered, 3, () => 0.999)).toBeCloseTo(399.6);
      expect(backoffDelay(jittered, 10, () => 0.5)).toBe(500);
    });
  });

  describe('linear', () => {
    it('grows by one step per attempt and caps at the maximum', () => {
      const backoff = { kind: 'linear', stepMs: 250, maxMs: 600 } as const;
      expect([1, 2, 3, 4].map((attempt) => backoffDelay(backoff, attempt))).toEqual([250, 500, 600, 600]);
    });
  });

  describe('fixed', () => {
    it('waits the same delay after every attempt', () => {
      const backoff = { kind: 'fixed', delayMs: 75 } as const;
      expect([1, 2, 9].map((attempt) => backoffDelay(backoff, attempt))).toEqual([75, 75, 75]);
    });
  });
});
