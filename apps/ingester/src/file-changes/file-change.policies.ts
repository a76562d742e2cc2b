import type { RetryPolicy } from '@artstore/resilience';
import {
  ElementRefusedError,
  ElementUnavailableError,
  ElementUnreachableError,
} from '../element-files/element-files.errors';

export { ELEMENT_COMPENSATION, REGISTRY_TRANSIENT } from '../sagas/upload-saga.policies';

const backoff = { kind: 'exponential', baseMs: 100, maxMs: 2_000, jitter: true } as const;

const staleToken = (error: unknown): boolean => error instanceof ElementRefusedError && error.status === 401;

// For calls that may be repeated whatever happened: a copy by the same saga, a delete (404 = done).
export const ELEMENT_TRANSIENT: RetryPolicy = {
  attempts: 3,
  backoff,
  isRetryable: (error) => error instanceof ElementUnavailableError || staleToken(error),
};

// An attribute PATCH that may have landed is not repeated: every PATCH adds a version.
export const ELEMENT_NOT_SENT: RetryPolicy = {
  attempts: 3,
  backoff,
  isRetryable: (error) => error instanceof ElementUnreachableError || staleToken(error),
};
