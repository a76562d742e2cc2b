/** Tuning shared by every breaker of one `CircuitBreakers` registry. */
export interface CircuitBreakerOptions {
  /** Deadline of each call; on expiry its signal aborts and it counts as a failure. Default 10 000. */
  timeoutMs?: number;
  /** Failure share of the rolling window (in %) above which the circuit opens. Default 50. */
  errorThresholdPercentage?: number;
  /** How long an open circuit waits before letting one probe call through (half-open). Default 30 000. */
  resetTimeoutMs?: number;
  /** Calls needed in the rolling window before the circuit may open. Default 5. */
  volumeThreshold?: number;
  /** Length of the rolling statistics window. Default 10 000. */
  rollingCountTimeoutMs?: number;
  /**
   * Whether an error says the target is unhealthy. Return false for answers such as 404 or 409, which
   * are passed on to the caller without counting against the circuit. Timeouts always count.
   */
  isFailure?: (error: unknown) => boolean;
}

/** Fills in the defaults documented on {@link CircuitBreakerOptions}. */
export function resolveCircuitBreakerOptions(
  options: CircuitBreakerOptions,
): Required<CircuitBreakerOptions> {
  return {
    timeoutMs: options.timeoutMs ?? 10_000,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    resetTimeoutMs: options.resetTimeoutMs ?? 30_000,
    // Without a minimum volume the very first failure would open the circuit (100 % errors).
    volumeThreshold: options.volumeThreshold ?? 5,
    rollingCountTimeoutMs: options.rollingCountTimeoutMs ?? 10_000,
    isFailure: options.isFailure ?? (() => true),
  };
}
