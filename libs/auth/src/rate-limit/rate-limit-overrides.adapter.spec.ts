import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readAllRateLimitOverrides,
  readRateLimitOverride,
  writeRateLimitOverride,
} from './rate-limit-overrides.adapter';
import { connectRedis, deleteKeys, uniquePrefix, waitForReady } from './rate-limit.spec-helpers';

describe(writeRateLimitOverride.name, () => {
  let redis: Redis;
  const key = `${uniquePrefix()}:overrides`;

  beforeAll(async () => {
    redis = connectRedis();
    await waitForReady(redis);
  });

  afterAll(async () => {
    await deleteKeys(redis, key);
    await redis.quit();
  });

  it('stores a limit in the hash, field = client id', async () => {
    await writeRateLimitOverride(redis, 'client-a', 250, key);

    expect(await redis.hget(key, 'client-a')).toBe('250');
    expect(await readRateLimitOverride(redis, 'client-a', key)).toBe(250);
  });

  it('clears the limit with null', async () => {
    await writeRateLimitOverride(redis, 'client-b', 250, key);
    await writeRateLimitOverride(redis, 'client-b', null, key);

    expect(await redis.hexists(key, 'client-b')).toBe(0);
    expect(await readRateLimitOverride(redis, 'client-b', key)).toBeNull();
  });

  it.each([0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %s and writes nothing',
    async (perMinute) => {
      await expect(writeRateLimitOverride(redis, 'client-c', perMinute, key)).rejects.toBeInstanceOf(
        RangeError,
      );
      expect(await redis.hexists(key, 'client-c')).toBe(0);
    },
  );
});

describe(readRateLimitOverride.name, () => {
  let redis: Redis;
  const key = `${uniquePrefix()}:overrides`;

  beforeAll(async () => {
    redis = connectRedis();
    await waitForReady(redis);
  });

  afterAll(async () => {
    await deleteKeys(redis, key);
    await redis.quit();
  });

  it('reads a hand-edited value that is not a positive integer as no override', async () => {
    await redis.hset(key, 'garbage', 'lots', 'zero', '0');

    expect(await readRateLimitOverride(redis, 'garbage', key)).toBeNull();
    expect(await readRateLimitOverride(redis, 'zero', key)).toBeNull();
  });
});

describe(readAllRateLimitOverrides.name, () => {
  let redis: Redis;
  const key = `${uniquePrefix()}:overrides`;

  beforeAll(async () => {
    redis = connectRedis();
    await waitForReady(redis);
  });

  afterAll(async () => {
    await deleteKeys(redis, key);
    await redis.quit();
  });

  it('is empty when no override was ever written', async () => {
    expect(await readAllRateLimitOverrides(redis, key)).toEqual(new Map());
  });

  it('returns every override, and null for a value that is not a limit so a resync repairs it', async () => {
    await writeRateLimitOverride(redis, 'client-a', 10, key);
    await writeRateLimitOverride(redis, 'client-b', 2_000, key);
    await redis.hset(key, 'client-c', 'lots');

    expect(await readAllRateLimitOverrides(redis, key)).toEqual(
      new Map<string, number | null>([
        ['client-a', 10],
        ['client-b', 2_000],
        ['client-c', null],
      ]),
    );
  });
});
