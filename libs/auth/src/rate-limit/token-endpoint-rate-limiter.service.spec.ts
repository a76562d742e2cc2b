import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MetricsService } from '@artstore/platform';
import { mapRateLimitError } from './rate-limit-error.mapper';
import { RateLimitExceededError } from './rate-limit.errors';
import type { RateLimitOptions } from './rate-limit.config';
import {
  captureLogger,
  connectRedis,
  counterValue,
  deleteKeys,
  testOptions,
  waitForReady,
} from './rate-limit.spec-helpers';
import { TokenEndpointRateLimiter, tokenEndpointKey } from './token-endpoint-rate-limiter.service';

describe(TokenEndpointRateLimiter.name, () => {
  let redis: Redis;
  const prefixes: string[] = [];

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

  function aLimiter(options: RateLimitOptions, metrics = new MetricsService()) {
    prefixes.push(options.keyPrefix!);
    return new TokenEndpointRateLimiter(redis, options, metrics, captureLogger().logger);
  }

  async function consumeTimes(
    limiter: TokenEndpointRateLimiter,
    ip: string,
    clientId: string,
    times: number,
  ) {
    for (let index = 0; index < times; index += 1) {
      await limiter.consume(ip, clientId);
    }
  }

  describe('consume', () => {
    it('serves 30 requests and a burst to 60 by default, then refuses with the token policy', async () => {
      const metrics = new MetricsService();
      const limiter = aLimiter(testOptions(), metrics);

      expect(await limiter.consume('192.0.2.1', 'app')).toMatchObject({ limit: 30, remaining: 29 });
      await consumeTimes(limiter, '192.0.2.1', 'app', 59);
      const error = await limiter.consume('192.0.2.1', 'app').then(
        () => undefined,
        (thrown: unknown) => thrown,
      );

      expect(error).toBeInstanceOf(RateLimitExceededError);
      expect(mapRateLimitError(error as RateLimitExceededError)).toMatchObject({
        status: 429,
        headers: { 'RateLimit-Policy': '30;w=60', 'RateLimit-Remaining': '0' },
      });
      expect(await counterValue(metrics, 'rate_limit_rejections_total', 'token_endpoint')).toBe(1);
    });

    it('keys by IP and client id together', async () => {
      const options = testOptions({ tokenEndpoint: { perMinute: 2, burst: 3 } });
      const limiter = aLimiter(options);
      await consumeTimes(limiter, '2001:db8::1', 'app', 3);

      await expect(limiter.consume('2001:db8::1', 'app')).rejects.toBeInstanceOf(RateLimitExceededError);
      expect(await limiter.consume('2001:db8::2', 'app')).toMatchObject({ remaining: 1 });
      expect(await limiter.consume('2001:db8::1', 'other-app')).toMatchObject({ remaining: 1 });
      expect(await redis.exists(`${options.keyPrefix}:token:base:2001:db8::1|app`)).toBe(1);
    });
  });
});

describe(tokenEndpointKey.name, () => {
  it('joins IP and client id with a separator no IP contains', () => {
    expect(tokenEndpointKey('2001:db8::1', 'a:b')).toBe('2001:db8::1|a:b');
  });

  it('hashes a client id longer than any valid one', () => {
    const key = tokenEndpointKey('192.0.2.1', 'x'.repeat(100_000));

    expect(key).toMatch(/^192\.0\.2\.1\|sha256:[\w-]{43}$/);
    expect(tokenEndpointKey('192.0.2.1', 'y'.repeat(100_000))).not.toBe(key);
  });
});
