import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_LOGGER, MetricsService, REDIS_CLIENT, type AppLogger } from '@artstore/platform';
import { BurstyQuota } from './bursty-quota.adapter';
import { FailOpenPolicy } from './fail-open.policy';
import type { RateLimitDecision } from './rate-limit-decision';
import {
  DEFAULT_BURST_WINDOW_SECONDS,
  DEFAULT_RATE_LIMIT_KEY_PREFIX,
  RATE_LIMIT_OPTIONS,
  type RateLimitOptions,
} from './rate-limit.config';
import { rateLimitCounters } from './rate-limit.metrics';

// The longest valid client id; anything longer is hashed so a hostile request cannot plant a huge key.
const MAX_PLAIN_CLIENT_ID_LENGTH = 64;

/** Limit of token requests per IP and client id (30/min, bursts to 60 by default), shared through Redis. */
@Injectable()
export class TokenEndpointRateLimiter {
  private readonly quota: BurstyQuota;
  private readonly policy: FailOpenPolicy;

  constructor(
    @Inject(REDIS_CLIENT) redis: Redis,
    @Inject(RATE_LIMIT_OPTIONS) options: RateLimitOptions,
    metrics: MetricsService,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    this.quota = new BurstyQuota(
      redis,
      `${options.keyPrefix ?? DEFAULT_RATE_LIMIT_KEY_PREFIX}:token`,
      options.tokenEndpoint.perMinute,
      options.tokenEndpoint.burst,
      options.burstWindowSeconds ?? DEFAULT_BURST_WINDOW_SECONDS,
    );
    this.policy = new FailOpenPolicy('token_endpoint', options.timeoutMs, rateLimitCounters(metrics), logger);
  }

  /**
   * Counts one token request from `ip` naming `clientId` (as sent, before authentication; '' when the
   * request names none). Same outcomes as `ClientRateLimiter.consume`.
   */
  async consume(ip: string, clientId: string): Promise<RateLimitDecision | undefined> {
    return this.policy.decide(() => this.quota.consume(tokenEndpointKey(ip, clientId)));
  }
}

/** `ip|clientId`; no IP contains '|', so the pair is unambiguous. */
export function tokenEndpointKey(ip: string, clientId: string): string {
  const client =
    clientId.length <= MAX_PLAIN_CLIENT_ID_LENGTH
      ? clientId
      : `sha256:${createHash('sha256').update(clientId).digest('base64url')}`;
  return `${ip}|${client}`;
}
