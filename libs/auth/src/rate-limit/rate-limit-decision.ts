/**
 * Where a caller stands after one counted request, in the terms of the advertised policy
 * (`limit` requests per `windowSeconds`). The burst allowance above `limit` is tolerated but never
 * advertised: a caller living on it sees `remaining: 0`.
 */
export interface RateLimitDecision {
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in the current window before the burst allowance is touched. */
  remaining: number;
  /** Seconds until a request can next pass (when refused) or the window resets (when served); at least 1. */
  resetSeconds: number;
  /** Length of the window, in seconds. */
  windowSeconds: number;
}
