import type { DomainErrorMapper } from '@artstore/platform';
import { RateLimitExceededError } from './rate-limit.errors';
import { rateLimitHeaders } from './rate-limit.headers';

/** 429 with `Retry-After` and the RateLimit headers; undefined for every other error, so apps can chain it. */
export const mapRateLimitError: DomainErrorMapper = (error) => {
  if (!(error instanceof RateLimitExceededError)) {
    return undefined;
  }
  return {
    status: 429,
    title: 'Too Many Requests',
    headers: { 'Retry-After': String(error.retryAfterSeconds), ...rateLimitHeaders(error.decision) },
  };
};
