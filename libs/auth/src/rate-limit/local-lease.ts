import { LRUCache } from 'lru-cache';
import type { RateLimitDecision } from './rate-limit-decision';
import { RateLimitExceededError } from './rate-limit.errors';

/** Takes `points` of a key's quota from the shared store (Redis) in one call. */
export type TakePoints = (key: string, points: number) => Promise<RateLimitDecision>;

interface Lease {
  points: number;
  /** The store refused: every request is refused until the lease expires. */
  refused: boolean;
  decision: RateLimitDecision;
  expiresAt: number;
}

// At most this share of a limit sits unused in one instance at a window's end.
const LEASE_SHARE = 0.01;
const MAX_LEASE = 50;

/**
 * Serves a high limit from points taken from Redis in small leases, so a busy client costs one Redis
 * round trip per lease instead of one per request. The lease is 1 % of the limit per minute (at most
 * 50), so limits up to 199/min stay exact per request; above, an instance may hold back up to 1 % of
 * the limit when a window ends (a client is refused that much early, never let through more). A refusal
 * is remembered until its window resets, so a client over its limit does not cost Redis calls either.
 */
export class LocalLease {
  readonly size: number;
  private readonly leases = new LRUCache<string, Lease>({ max: 10_000 });
  private readonly renewals = new Map<string, Promise<void>>();

  constructor(
    perMinute: number,
    private readonly take: TakePoints,
    private readonly now: () => number = Date.now,
  ) {
    this.size = Math.max(1, Math.min(MAX_LEASE, Math.floor(perMinute * LEASE_SHARE)));
  }

  async consume(key: string): Promise<RateLimitDecision> {
    if (this.size === 1) {
      return this.take(key, 1);
    }
    for (;;) {
      const lease = this.leases.get(key);
      if (lease && this.now() < lease.expiresAt) {
        if (lease.refused) {
          throw new RateLimitExceededError(lease.decision);
        }
        if (lease.points > 0) {
          lease.points -= 1;
          return {
            ...lease.decision,
            remaining: Math.min(lease.decision.limit, lease.decision.remaining + lease.points),
          };
        }
      }
      // Concurrent requests of one client share one renewal, then take from it.
      let renewal = this.renewals.get(key);
      if (!renewal) {
        renewal = this.renew(key).finally(() => this.renewals.delete(key));
        this.renewals.set(key, renewal);
      }
      await renewal;
    }
  }

  private async renew(key: string): Promise<void> {
    try {
      const decision = await this.take(key, this.size);
      this.leases.set(key, {
        points: this.size,
        refused: false,
        decision,
        expiresAt: this.now() + decision.resetSeconds * 1000,
      });
    } catch (error) {
      if (!(error instanceof RateLimitExceededError)) {
        throw error;
      }
      // Refused until the window resets, without asking the store again.
      const { decision } = error;
      this.leases.set(key, {
        points: 0,
        refused: true,
        decision,
        expiresAt: this.now() + decision.resetSeconds * 1000,
      });
    }
  }
}
