import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { APP_LOGGER, MetricsService, REDIS_CLIENT, type AppLogger } from '@artstore/platform';
import { BurstyQuota } from './bursty-quota.adapter';
import { FailOpenPolicy } from './fail-open.policy';
import type { RateLimitDecision } from './rate-limit-decision';
import { RateLimitOverrideCache } from './rate-limit-override.cache';
import {
  DEFAULT_BURST_WINDOW_SECONDS,
  DEFAULT_RATE_LIMIT_KEY_PREFIX,
  RATE_LIMIT_OPTIONS,
  type RateLimitOptions,
} from './rate-limit.config';
import { rateLimitCounters } from './rate-limit.metrics';

const OVERRIDE_BURST_FACTOR = 1.5;

/**
 * Per-client limit of authenticated requests, shared by every instance through Redis: the default
 * quota (100/min, bursts to 150) or the account's override (N/min, bursts to 1.5 N).
 */
@Injectable()
export class ClientRateLimiter {
  private readonly keyPrefix: string;
  private readonly burstWindowSeconds: number;
  private readonly defaultQuota: BurstyQuota;
  // One quota per distinct override value; admins set few distinct values, the bound is a safety net.
  private readonly overrideQuotas = new LRUCache<number, BurstyQuota>({ max: 256 });
  private readonly overrides: RateLimitOverrideCache;
  private readonly policy: FailOpenPolicy;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RATE_LIMIT_OPTIONS) options: RateLimitOptions,
    metrics: MetricsService,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    this.keyPrefix = `${options.keyPrefix ?? DEFAULT_RATE_LIMIT_KEY_PREFIX}:client`;
    this.burstWindowSeconds = options.burstWindowSeconds ?? DEFAULT_BURST_WINDOW_SECONDS;
    this.defaultQuota = this.quota(options.client.perMinute, options.client.burst);
    this.overrides = new RateLimitOverrideCache(redis, {
      ...(options.overridesKey ? { key: options.overridesKey } : {}),
      ...(options.overrideCacheTtlMs ? { ttlMs: options.overrideCacheTtlMs } : {}),
    });
    this.policy = new FailOpenPolicy('client', options.timeoutMs, rateLimitCounters(metrics), logger);
  }

  /**
   * Counts one request of `clientId`. Resolves to the decision for the response headers, or
   * undefined when Redis could not decide in time (the request is served unlimited); throws
   * `RateLimitExceededError` when the client is over its quota and burst.
   */
  async consume(clientId: string): Promise<RateLimitDecision | undefined> {
    return this.policy.decide(async () => {
      const perMinute = await this.overrides.perMinuteFor(clientId);
      return this.quotaFor(perMinute).consume(clientId);
    });
  }

  private quotaFor(perMinute: number | null): BurstyQuota {
    if (perMinute === null) {
      return this.defaultQuota;
    }
    let quota = this.overrideQuotas.get(perMinute);
    if (!quota) {
      quota = this.quota(perMinute, Math.floor(perMinute * OVERRIDE_BURST_FACTOR));
      this.overrideQuotas.set(perMinute, quota);
    }
    return quota;
  }

  // Default and overrides share the keys, so changing a client's limit keeps what it has used.
  private quota(perMinute: number, burst: number): BurstyQuota {
    return new BurstyQuota(this.redis, this.keyPrefix, perMinute, burst, this.burstWindowSeconds);
  }
}
