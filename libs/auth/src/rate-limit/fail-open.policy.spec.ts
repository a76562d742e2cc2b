import { afterEach, describe, expect, it, vi } from 'vitest';
import { MetricsService } from '@artstore/platform';
import { FailOpenPolicy } from './fail-open.policy';
import { RateLimitExceededError } from './rate-limit.errors';
import { rateLimitCounters } from './rate-limit.metrics';
import { captureLogger, counterValue } from './rate-limit.spec-helpers';

describe(FailOpenPolicy.name, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function aPolicy(timeoutMs = 1_000) {
    const metrics = new MetricsService();
    const captured = captureLogger();
    const policy = new FailOpenPolicy('client', timeoutMs, rateLimitCounters(metrics), captured.logger);
    return { policy, metrics, warnings: () => captured.lines().filter((line) => line.level === 'warn') };
  }

  describe('decide', () => {
    it('passes a refusal on and counts it', async () => {
      const { policy, metrics } = aPolicy();
      const refusal = new RateLimitExceededError({
        limit: 1,
        remaining: 0,
        resetSeconds: 5,
        windowSeconds: 60,
      });

      await expect(policy.decide(() => Promise.reject(refusal))).rejects.toBe(refusal);
      expect(await counterValue(metrics, 'rate_limit_rejections_total', 'client')).toBe(1);
      expect(await counterValue(metrics, 'rate_limit_errors_total', 'client')).toBe(0);
    });

    it('warns again only after ten seconds, with the number of failures in between', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const { policy, metrics, warnings } = aPolicy();
      const fail = () => Promise.reject(new Error('ECONNREFUSED'));

      await policy.decide(fail);
      vi.advanceTimersByTime(9_000);
      await policy.decide(fail);
      await policy.decide(fail);
      expect(warnings()).toHaveLength(1);

      vi.advanceTimersByTime(1_000);
      await policy.decide(fail);

      expect(warnings()).toHaveLength(2);
      expect(warnings()[1]).toMatchObject({ failures: 3 });
      expect(await counterValue(metrics, 'rate_limit_errors_total', 'client')).toBe(4);
    });

    it('gives up on a decision that outlives the deadline', async () => {
      const { policy } = aPolicy(50);
      const never = new Promise<never>(() => undefined);

      await expect(policy.decide(() => never)).resolves.toBeUndefined();
    });
  });
});
