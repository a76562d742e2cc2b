/** A call was refused without being attempted because the circuit for its target is open. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';

  constructor(
    /** The target whose circuit is open, e.g. a storage element id. */
    readonly key: string,
    /** Seconds until the circuit lets a probe through; suitable for a `Retry-After` header. */
    readonly retryAfterSeconds: number,
  ) {
    super(`circuit for "${key}" is open; retry in ${retryAfterSeconds} s`);
  }
}
