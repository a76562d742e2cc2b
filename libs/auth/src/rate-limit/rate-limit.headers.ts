import type { RateLimitDecision } from './rate-limit-decision';

/**
 * Response headers describing a decision, for served and refused requests alike:
 * `RateLimit-Policy` and `RateLimit` as in draft-ietf-httpapi-ratelimit-headers-07, plus the older
 * `RateLimit-Limit` / `RateLimit-Remaining` / `RateLimit-Reset` triple that many clients still read.
 */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const { limit, remaining, resetSeconds, windowSeconds } = decision;
  return {
    'RateLimit-Policy': `${limit};w=${windowSeconds}`,
    RateLimit: `limit=${limit}, remaining=${remaining}, reset=${resetSeconds}`,
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(remaining),
    'RateLimit-Reset': String(resetSeconds),
  };
}
