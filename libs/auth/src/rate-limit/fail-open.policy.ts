import type { AppLogger } from '@artstore/platform';
import type { RateLimitDecision } from './rate-limit-decision';
import { RateLimitExceededError } from './rate-limit.errors';
import type { RateLimitCounters, RateLimiterName } from './rate-limit.metrics';

const WARN_INTERVAL_MS = 10_000;

/**
 * Runs one limiter decision under a deadline. Refusals are counted and passed on; anything else
 * (Redis down, slow, answering nonsense) is counted and the request is served unlimited: losing the
 * limit for a while is better than turning every request into an error during a Redis outage.
 */
export class FailOpenPolicy {
  private lastWarnAt = Number.NEGATIVE_INFINITY;
  private failuresSinceWarn = 0;

  constructor(
    private readonly limiter: RateLimiterName,
    private readonly timeoutMs: number,
    private readonly counters: RateLimitCounters,
    private readonly logger: AppLogger,
  ) {}

  async decide(work: () => Promise<RateLimitDecision>): Promise<RateLimitDecision | undefined> {
    try {
      return await withDeadline(work(), this.timeoutMs);
    } catch (error) {
      if (error instanceof RateLimitExceededError) {
        this.counters.rejections.inc({ limiter: this.limiter });
        throw error;
      }
      this.counters.errors.inc({ limiter: this.limiter });
      this.warnAtMostEveryInterval(error);
      return undefined;
    }
  }

  // An outage fails every request; one line per interval says so without flooding the log.
  private warnAtMostEveryInterval(error: unknown): void {
    this.failuresSinceWarn += 1;
    const now = Date.now();
    if (now - this.lastWarnAt < WARN_INTERVAL_MS) {
      return;
    }
    this.logger.warn(
      { err: error, limiter: this.limiter, failures: this.failuresSinceWarn },
      'rate limiting unavailable, serving requests without a limit',
    );
    this.lastWarnAt = now;
    this.failuresSinceWarn = 0;
  }
}

async function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`rate limit decision took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    // The losing command still settles later; race has already attached a handler to it.
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
