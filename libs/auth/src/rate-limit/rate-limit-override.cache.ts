import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { DEFAULT_OVERRIDE_CACHE_TTL_MS, RATE_LIMIT_OVERRIDES_KEY } from './rate-limit.config';
import { readRateLimitOverride } from './rate-limit-overrides.adapter';

export interface RateLimitOverrideCacheOptions {
  /** Redis hash of the overrides. */
  key?: string;
  /** How long a looked-up override (or its absence) is trusted. */
  ttlMs?: number;
  /** Clients remembered at once; the least recently seen are looked up again. */
  maxClients?: number;
}

// lru-cache stores no null, so "no override" is a value too.
interface CachedOverride {
  perMinute: number | null;
}

/**
 * Per-client overrides read through an in-process LRU cache, so Redis sees one HGET per client per
 * TTL and per service instead of one per request. Concurrent misses share one lookup; while Redis
 * fails, the last known value keeps applying.
 */
export class RateLimitOverrideCache {
  private readonly cache: LRUCache<string, CachedOverride>;

  constructor(redis: Redis, options: RateLimitOverrideCacheOptions = {}) {
    const key = options.key ?? RATE_LIMIT_OVERRIDES_KEY;
    this.cache = new LRUCache<string, CachedOverride>({
      max: options.maxClients ?? 10_000,
      ttl: options.ttlMs ?? DEFAULT_OVERRIDE_CACHE_TTL_MS,
      allowStaleOnFetchRejection: true,
      fetchMethod: async (clientId) => {
        // Fail now rather than wait in ioredis's offline queue for the command timeout.
        if (redis.status !== 'ready') {
          throw new Error('Redis connection is not ready');
        }
        return { perMinute: await readRateLimitOverride(redis, clientId, key) };
      },
    });
  }

  /** The client's limit in requests per minute, null for the default; throws when it cannot be known. */
  async perMinuteFor(clientId: string): Promise<number | null> {
    const cached = await this.cache.fetch(clientId);
    if (!cached) {
      throw new Error('rate limit override unavailable: Redis failed and nothing is cached');
    }
    return cached.perMinute;
  }
}
