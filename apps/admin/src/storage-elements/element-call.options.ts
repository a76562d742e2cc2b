/** Deadlines and breaker tuning of the admin's calls to elements (from the admin's config). */
export interface ElementCallOptions {
  timeoutMs: number;
  breakerResetMs: number;
}

export const ELEMENT_CALL_OPTIONS = Symbol('ELEMENT_CALL_OPTIONS');
