import { DomainError } from '@artstore/platform';
import type { RateLimitDecision } from './rate-limit-decision';

export type RateLimitErrorCode = 'rate_limited';

/** The caller used up its quota and its burst allowance; maps to 429 (see `mapRateLimitError`). */
export class RateLimitExceededError extends DomainError<RateLimitErrorCode> {
  constructor(readonly decision: RateLimitDecision) {
    super(
      'rate_limited',
      `Too many requests: the limit is ${decision.limit} per ${decision.windowSeconds} s. ` +
        `Retry in ${decision.resetSeconds} s.`,
    );
  }

  /** Whole seconds the caller should wait (`Retry-After`), at least 1. */
  get retryAfterSeconds(): number {
    return Math.max(1, this.decision.resetSeconds);
  }
}
