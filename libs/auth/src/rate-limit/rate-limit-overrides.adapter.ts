import type { Redis } from 'ioredis';
import { RATE_LIMIT_OVERRIDES_KEY } from './rate-limit.config';

/**
 * Stores a client's own limit in requests per minute (its burst is 1.5 times that), or clears it with
 * `null` so the service default applies. Every service picks the change up within its override cache
 * TTL (30 s by default).
 */
export async function writeRateLimitOverride(
  redis: Redis,
  clientId: string,
  perMinute: number | null,
  key: string = RATE_LIMIT_OVERRIDES_KEY,
): Promise<void> {
  if (perMinute === null) {
    await redis.hdel(key, clientId);
    return;
  }
  if (!Number.isSafeInteger(perMinute) || perMinute < 1) {
    throw new RangeError(`a rate limit override must be a positive integer, got ${perMinute}`);
  }
  await redis.hset(key, clientId, String(perMinute));
}

/** A client's stored limit in requests per minute, or null when it has none (uncached). */
export async function readRateLimitOverride(
  redis: Redis,
  clientId: string,
  key: string = RATE_LIMIT_OVERRIDES_KEY,
): Promise<number | null> {
  const stored = await redis.hget(key, clientId);
  return stored === null ? null : parseOverride(stored);
}

/**
 * Every stored override by client id, for the admin's resync against its database. A value that is not
 * a valid limit (hand-edited) comes back as null, so the resync rewrites or removes it.
 */
export async function readAllRateLimitOverrides(
  redis: Redis,
  key: string = RATE_LIMIT_OVERRIDES_KEY,
): Promise<Map<string, number | null>> {
  const stored = await redis.hgetall(key);
  return new Map(Object.entries(stored).map(([clientId, value]) => [clientId, parseOverride(value)]));
}

// Only writeRateLimitOverride writes here; anything else counts as no override rather than breaking limits.
function parseOverride(stored: string): number | null {
  const perMinute = Number(stored);
  return Number.isSafeInteger(perMinute) && perMinute >= 1 ? perMinute : null;
}
