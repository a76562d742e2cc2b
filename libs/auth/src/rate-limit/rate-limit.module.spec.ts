import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_LOGGER, MetricsService, REDIS_CLIENT } from '@artstore/platform';
import { ClientRateLimiter } from './client-rate-limiter.service';
import { RateLimitModule } from './rate-limit.module';
import {
  captureLogger,
  connectRedis,
  deleteKeys,
  testOptions,
  waitForReady,
} from './rate-limit.spec-helpers';
import { TokenEndpointRateLimiter } from './token-endpoint-rate-limiter.service';

describe(RateLimitModule.name, () => {
  let redis: Redis;
  const options = testOptions();

  beforeAll(async () => {
    redis = connectRedis();
    await waitForReady(redis);
  });

  afterAll(async () => {
    await deleteKeys(redis, options.keyPrefix!);
    await redis.quit();
  });

  it("wires both limiters from the platform's Redis client, metrics and logger", async () => {
    // Stands in for PlatformModule, which provides these globally in the apps.
    @Global()
    @Module({
      providers: [
        { provide: REDIS_CLIENT, useValue: redis },
        { provide: APP_LOGGER, useValue: captureLogger().logger },
        MetricsService,
      ],
      exports: [REDIS_CLIENT, APP_LOGGER, MetricsService],
    })
    class FakePlatformModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [FakePlatformModule, RateLimitModule.forRoot(options)],
    }).compile();

    expect(await moduleRef.get(ClientRateLimiter).consume('client-a')).toMatchObject({ limit: 100 });
    expect(await moduleRef.get(TokenEndpointRateLimiter).consume('192.0.2.1', 'client-a')).toMatchObject({
      limit: 30,
    });
    const metrics = await moduleRef.get(MetricsService).render();
    expect(metrics).toContain('rate_limit_rejections_total');
    expect(metrics).toContain('rate_limit_errors_total');
    await moduleRef.close();
  });
});
