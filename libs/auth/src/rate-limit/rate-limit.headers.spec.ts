import { describe, expect, it } from 'vitest';
import { DomainError } from '@artstore/platform';
import { mapRateLimitError } from './rate-limit-error.mapper';
import { RateLimitExceededError } from './rate-limit.errors';
import { rateLimitHeaders } from './rate-limit.headers';
import type { RateLimitDecision } from './rate-limit-decision';

const aDecision = (overrides: Partial<RateLimitDecision> = {}): RateLimitDecision => ({
  limit: 100,
  remaining: 42,
  resetSeconds: 17,
  windowSeconds: 60,
  ...overrides,
});

describe(rateLimitHeaders.name, () => {
  it('describes a served request in the draft and the legacy fields', () => {
    expect(rateLimitHeaders(aDecision())).toEqual({
      'RateLimit-Policy': '100;w=60',
      RateLimit: 'limit=100, remaining=42, reset=17',
      'RateLimit-Limit': '100',
      'RateLimit-Remaining': '42',
      'RateLimit-Reset': '17',
    });
  });
});

describe('mapRateLimitError', () => {
  it('answers 429 with Retry-After of at least one second', () => {
    const mapping = mapRateLimitError(
      new RateLimitExceededError(aDecision({ remaining: 0, resetSeconds: 0 })),
    );

    expect(mapping?.status).toBe(429);
    expect(mapping?.headers?.['Retry-After']).toBe('1');
  });

  it('leaves other domain errors to other mappers', () => {
    class OtherError extends DomainError<'other'> {
      constructor() {
        super('other', 'other');
      }
    }

    expect(mapRateLimitError(new OtherError())).toBeUndefined();
  });
});
