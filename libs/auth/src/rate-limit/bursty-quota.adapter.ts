import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LocalLease } from './local-lease';
import type { RateLimitDecision } from './rate-limit-decision';
import { RateLimitExceededError } from './rate-limit.errors';

const WINDOW_SECONDS = 60;

/**
 * `perMinute` requests per minute with bursts up to `burst`, counted in Redis so every instance sees
 * the same numbers. Two fixed windows per key, each starting at its first request
 * (rate-limiter-flexible's atomic INCR + TTL in one Lua call):
 *
 * - the base window allows `perMinute` requests per 60 s;
 * - once it is used up, requests draw on a burst allowance of `burst - perMinute` per
 *   `burstWindowSeconds` (600 s by default).
 *
 * So a steady `perMinute` (or less) always passes and never touches the allowance; a burst of up to
 * `burst` requests passes within one minute; the next one is refused until the sooner of the two
 * windows ends. A sustained rate above `perMinute` is capped on average at
 * `perMinute + (burst - perMinute) * 60 / burstWindowSeconds` (105/min by default), so the burst
 * is a tolerance, not a second, higher limit. Refused requests are counted but move no window,
 * so retrying early does not extend the wait.
 */
export class BurstyQuota {
  private readonly limiter: BurstyRateLimiter;
  private readonly lease: LocalLease;

  constructor(
    redis: Redis,
    keyPrefix: string,
    readonly perMinute: number,
    readonly burst: number,
    burstWindowSeconds: number,
  ) {
    if (
      !Number.isSafeInteger(perMinute) ||
      perMinute < 1 ||
      !Number.isSafeInteger(burst) ||
      burst < perMinute
    ) {
      throw new RangeError(`invalid quota: ${perMinute}/min with bursts to ${burst}`);
    }
    // Without this, commands issued while Redis is away wait in ioredis's offline queue.
    const common = { storeClient: redis, rejectIfRedisNotReady: true };
    this.limiter = new BurstyRateLimiter(
      new RateLimiterRedis({
        ...common,
        keyPrefix: `${keyPrefix}:base`,
        points: perMinute,
        duration: WINDOW_SECONDS,
      }),
      new RateLimiterRedis({
        ...common,
        keyPrefix: `${keyPrefix}:burst`,
        points: burst - perMinute,
        duration: burstWindowSeconds,
      }),
    );
    this.lease = new LocalLease(perMinute, (key, points) => this.take(key, points));
  }

  /** Counts one request for `key`; throws `RateLimitExceededError` when it is over quota and burst. */
  consume(key: string): Promise<RateLimitDecision> {
    return this.lease.consume(key);
  }

  private async take(key: string, points: number): Promise<RateLimitDecision> {
    let result: RateLimiterRes;
    try {
      result = await this.limiter.consume(key, points);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new RateLimitExceededError(this.decisionOf(rejection));
      }
      throw rejection;
    }
    return this.decisionOf(result);
  }

  // A served burst request reports the base window (remaining 0), i.e. the advertised policy.
  private decisionOf(result: RateLimiterRes): RateLimitDecision {
    return {
      limit: this.perMinute,
      remaining: Math.max(0, Math.min(this.perMinute, result.remainingPoints)),
      resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
      windowSeconds: WINDOW_SECONDS,
    };
  }
}
