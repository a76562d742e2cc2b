import type { z } from 'zod';
import { envInt, type PlatformEnv } from '@artstore/platform';

/** Environment of the rate limits; apps spread it into their schema and call `checkRateLimitEnv`. */
export const rateLimitEnvShape = {
  RATE_LIMIT_PER_MINUTE: envInt({ min: 1 }).default(100),
  RATE_LIMIT_BURST: envInt({ min: 1 }).default(150),
  TOKEN_RATE_LIMIT_PER_MINUTE: envInt({ min: 1 }).default(30),
  TOKEN_RATE_LIMIT_BURST: envInt({ min: 1 }).default(60),
} as const;

export type RateLimitEnv = z.infer<z.ZodObject<typeof rateLimitEnvShape>>;

/** For an app's `superRefine`: a burst below its limit would make the limit unreachable. */
export function checkRateLimitEnv(env: RateLimitEnv, context: z.RefinementCtx): void {
  const pairs = [
    ['RATE_LIMIT_BURST', env.RATE_LIMIT_BURST, 'RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE],
    [
      'TOKEN_RATE_LIMIT_BURST',
      env.TOKEN_RATE_LIMIT_BURST,
      'TOKEN_RATE_LIMIT_PER_MINUTE',
      env.TOKEN_RATE_LIMIT_PER_MINUTE,
    ],
  ] as const;
  for (const [burstName, burst, limitName, limit] of pairs) {
    if (burst < limit) {
      context.addIssue({
        code: 'custom',
        path: [burstName],
        message: `must be at least ${limitName} (${limit})`,
      });
    }
  }
}

/** Requests per minute, and how many of them may arrive in one burst (≥ perMinute). */
export interface QuotaOptions {
  perMinute: number;
  burst: number;
}

export interface RateLimitOptions {
  /** Default quota of an authenticated client; an account's override replaces it. */
  client: QuotaOptions;
  /** Quota of one IP + client id pair on the token endpoint. */
  tokenEndpoint: QuotaOptions;
  /** Deadline of one whole decision (override lookup included); past it the request is served unlimited. */
  timeoutMs: number;
  /** Prefix of the counters' Redis keys. */
  keyPrefix?: string;
  /** Redis hash of per-client overrides (field = client id, value = requests/min). */
  overridesKey?: string;
  /** How long a service keeps an override in memory, i.e. how late a change may apply. */
  overrideCacheTtlMs?: number;
  /** Window of the burst allowance; see `BurstyQuota`. */
  burstWindowSeconds?: number;
}

export const RATE_LIMIT_OPTIONS = Symbol('RATE_LIMIT_OPTIONS');

export const DEFAULT_RATE_LIMIT_KEY_PREFIX = 'artstore:rate-limit';
export const RATE_LIMIT_OVERRIDES_KEY = 'artstore:rate-limits';
export const DEFAULT_OVERRIDE_CACHE_TTL_MS = 30_000;
export const DEFAULT_BURST_WINDOW_SECONDS = 600;

/** Options from a validated config; the deadline is the Redis command timeout, so a slow Redis adds no more. */
export function rateLimitOptionsFromEnv(
  env: RateLimitEnv & Pick<PlatformEnv, 'REDIS_COMMAND_TIMEOUT_MS'>,
): RateLimitOptions {
  return {
    client: { perMinute: env.RATE_LIMIT_PER_MINUTE, burst: env.RATE_LIMIT_BURST },
    tokenEndpoint: { perMinute: env.TOKEN_RATE_LIMIT_PER_MINUTE, burst: env.TOKEN_RATE_LIMIT_BURST },
    timeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
  };
}
