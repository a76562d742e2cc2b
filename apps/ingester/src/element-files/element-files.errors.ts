/** An element did not answer usefully (network, timeout, 5xx, open circuit): a transient fault. */
export class ElementUnavailableError extends Error {
  override readonly name = 'ElementUnavailableError';
  readonly code = 'ELEMENT_UNAVAILABLE';

  constructor(
    readonly elementId: string,
    reason: string,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(`storage element ${elementId}: ${reason}`, options);
  }
}

/** An element answered 4xx (or 507): its decision, not a fault of the element. */
export class ElementRefusedError extends Error {
  override readonly name = 'ElementRefusedError';
  readonly code = 'ELEMENT_REFUSED';

  constructor(
    readonly elementId: string,
    readonly status: number,
    readonly problemCode: string | undefined,
    readonly detail: string | undefined,
  ) {
    super(`storage element ${elementId} answered ${status}${problemCode ? ` ${problemCode}` : ''}`);
  }
}

/**
 * The call never reached the element (refused connection, open circuit): nothing can have changed
 * there, so even a call that is not idempotent may be repeated.
 */
export class ElementUnreachableError extends ElementUnavailableError {
  readonly unreachable = true;
}
