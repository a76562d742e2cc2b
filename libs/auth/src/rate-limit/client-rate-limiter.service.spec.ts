import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MetricsService } from '@artstore/platform';
import { ClientRateLimiter } from './client-rate-limiter.service';
import type { RateLimitDecision } from './rate-limit-decision';
import { mapRateLimitError } from './rate-limit-error.mapper';
import { RateLimitExceededError } from './rate-limit.errors';
import type { RateLimitOptions } from './rate-limit.config';
import { writeRateLimitOverride } from './rate-limit-overrides.adapter';
import {
  captureLogger,
  connectRedis,
  counterValue,
  deleteKeys,
  testOptions,
  waitForReady,
} from './rate-limit.spec-helpers';

describe(ClientRateLimiter.name, () => {
  let redis: Redis;
  const prefixes: string[] = [];

  // Until a client is ready the limiter fails open, which is not what most of these specs test.
  beforeAll(async () => {
    redis = connectRedis();
    await waitForReady(redis);
  });

  afterEach(async () => {
    await Promise.all(prefixes.splice(0).map((prefix) => deleteKeys(redis, prefix)));
  });

  afterAll(async () => {
    await redis.quit();
  });

  function aLimiter(options: RateLimitOptions, client: Redis = redis, metrics = new MetricsService()) {
    prefixes.push(options.keyPrefix!);
    return new ClientRateLimiter(client, options, metrics, captureLogger().logger);
  }

  async function consumeTimes(limiter: ClientRateLimiter, clientId: string, times: number) {
    const decisions: (RateLimitDecision | undefined)[] = [];
    for (let index = 0; index < times; index += 1) {
      decisions.push(await limiter.consume(clientId));
    }
    return decisions;
  }

  async function refusal(work: Promise<unknown>): Promise<RateLimitExceededError> {
    const error = await work.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(RateLimitExceededError);
    return error as RateLimitExceededError;
  }

  describe('consume', () => {
    it('serves 100 requests, then a burst up to 150, and refuses the next with retry time and headers', async () => {
      const metrics = new MetricsService();
      const limiter = aLimiter(testOptions(), redis, metrics);

      const decisions = await consumeTimes(limiter, 'client-a', 150);

      expect(decisions[0]).toEqual({ limit: 100, remaining: 99, resetSeconds: 60, windowSeconds: 60 });
      expect(decisions[99]).toMatchObject({ limit: 100, remaining: 0 });
      // Burst requests are served but report the advertised policy: nothing remains of it.
      expect(decisions.slice(100).every((decision) => decision?.remaining === 0)).toBe(true);

      const error = await refusal(limiter.consume('client-a'));
      expect(error.code).toBe('rate_limited');
      expect(error.decision.resetSeconds).toBeGreaterThanOrEqual(58);
      expect(error.decision.resetSeconds).toBeLessThanOrEqual(60);

      const mapping = mapRateLimitError(error);
      const reset = String(error.decision.resetSeconds);
      expect(mapping).toEqual({
        status: 429,
        title: 'Too Many Requests',
        headers: {
          'Retry-After': reset,
          'RateLimit-Policy': '100;w=60',
          RateLimit: `limit=100, remaining=0, reset=${reset}`,
          'RateLimit-Limit': '100',
          'RateLimit-Remaining': '0',
          'RateLimit-Reset': reset,
        },
      });
      expect(await counterValue(metrics, 'rate_limit_rejections_total', 'client')).toBe(1);
      expect(await counterValue(metrics, 'rate_limit_errors_total', 'client')).toBe(0);
    });

    it('keeps refusing while the client retries early, without moving the reset', async () => {
      const limiter = aLimiter(testOptions({ client: { perMinute: 5, burst: 5 } }));
      await consumeTimes(limiter, 'client-a', 5);

      const first = await refusal(limiter.consume('client-a'));
      const again = await refusal(limiter.consume('client-a'));

      expect(again.decision.resetSeconds).toBeLessThanOrEqual(first.decision.resetSeconds);
    });

    it('serves a steady 100 per minute without touching the burst allowance', async () => {
      const options = testOptions();
      const limiter = aLimiter(options);

      await consumeTimes(limiter, 'steady', 100);
      // The minute ends: the base window's key expires.
      await redis.del(`${options.keyPrefix}:client:base:steady`);
      const nextMinute = await consumeTimes(limiter, 'steady', 100);

      expect(nextMinute.map((decision) => decision?.remaining)).toEqual(
        Array.from({ length: 100 }, (_, index) => 99 - index),
      );
      expect(await redis.exists(`${options.keyPrefix}:client:burst:steady`)).toBe(0);

      await limiter.consume('steady');
      expect(await redis.exists(`${options.keyPrefix}:client:burst:steady`)).toBe(1);
    });

    it('does not renew the burst allowance with the minute, so a burst is not a higher steady limit', async () => {
      const options = testOptions();
      const limiter = aLimiter(options);
      await consumeTimes(limiter, 'bursty', 150);

      await redis.del(`${options.keyPrefix}:client:base:bursty`);
      await consumeTimes(limiter, 'bursty', 100);
      const error = await refusal(limiter.consume('bursty'));

      expect(error.decision.resetSeconds).toBeGreaterThanOrEqual(58);
      expect(error.decision.resetSeconds).toBeLessThanOrEqual(60);
      expect(await redis.pttl(`${options.keyPrefix}:client:burst:bursty`)).toBeGreaterThan(590_000);
    });

    it('counts each client on its own', async () => {
      const limiter = aLimiter(testOptions({ client: { perMinute: 3, burst: 4 } }));
      await consumeTimes(limiter, 'noisy', 4);
      await refusal(limiter.consume('noisy'));

      expect(await limiter.consume('quiet')).toMatchObject({ limit: 3, remaining: 2 });
    });

    it('shares the count between instances on the same Redis', async () => {
      const options = testOptions();
      const otherRedis = connectRedis();
      try {
        await waitForReady(otherRedis);
        const first = aLimiter(options);
        const second = aLimiter(options, otherRedis);

        // Concurrent, interleaved: the Lua increment is atomic, so exactly 150 pass between them.
        const outcomes = await Promise.allSettled(
          Array.from({ length: 160 }, (_, index) => (index % 2 === 0 ? first : second).consume('shared')),
        );

        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(150);
        const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
        expect(refused).toHaveLength(10);
        expect(refused.every((outcome) => outcome.reason instanceof RateLimitExceededError)).toBe(true);
      } finally {
        await otherRedis.quit();
      }
    });

    it("applies an account's override with a burst of 1.5 times it", async () => {
      const options = testOptions();
      const limiter = aLimiter(options);
      await writeRateLimitOverride(redis, 'vip', 10, options.overridesKey);

      const decisions = await consumeTimes(limiter, 'vip', 15);
      const error = await refusal(limiter.consume('vip'));

      expect(decisions[0]).toMatchObject({ limit: 10, remaining: 9 });
      expect(mapRateLimitError(error)?.headers).toMatchObject({ 'RateLimit-Policy': '10;w=60' });
      expect(await limiter.consume('not-vip')).toMatchObject({ limit: 100 });
    });

    it('picks up a changed override once the cache TTL has passed', async () => {
      const options = testOptions({ overrideCacheTtlMs: 200 });
      const limiter = aLimiter(options);
      expect(await limiter.consume('changing')).toMatchObject({ limit: 100 });

      await writeRateLimitOverride(redis, 'changing', 500, options.overridesKey);
      expect(await limiter.consume('changing')).toMatchObject({ limit: 100 });
      await sleep(300);
      // Counted in the same window as before the change: 3 used of 500.
      expect(await limiter.consume('changing')).toMatchObject({ limit: 500, remaining: 497 });

      await writeRateLimitOverride(redis, 'changing', null, options.overridesKey);
      await sleep(300);
      // 500/min took a lease of 5 points and used 1: the other 4 go with the old quota.
      expect(await limiter.consume('changing')).toMatchObject({ limit: 100, remaining: 92 });
    });
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
