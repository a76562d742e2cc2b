/** The element answered with a refusal (4xx): passed on, and not a sign that it is unhealthy. */
export class ElementRefusedError extends Error {
  /** The element's problem detail, or a generic description when it sent none. */
  readonly detail: string;

  constructor(
    readonly elementUrl: string,
    readonly status: number,
    problem: Readonly<Record<string, unknown>>,
  ) {
    const detail = typeof problem['detail'] === 'string' ? problem['detail'] : `status ${status}`;
    super(`${elementUrl} refused with ${status}: ${detail}`);
    this.name = 'ElementRefusedError';
    this.detail = detail;
  }
}

/** The element could not be reached, timed out or failed (5xx, bad answer): worth a retry. */
export class ElementUnavailableError extends Error {
  constructor(
    readonly elementUrl: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${elementUrl} is unavailable: ${detail}`, options);
    this.name = 'ElementUnavailableError';
  }
}
