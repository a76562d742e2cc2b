import type { RetryPolicy } from '@artstore/resilience';
import { ElementRefusedError, ElementUnavailableError } from '../element-files/element-files.errors';
import { RegistryRefusedError, RegistryUnavailableError } from '../file-registry/file-registry.errors';
import { ElementSkippedError } from './upload-saga.errors';

const backoff = { kind: 'exponential', baseMs: 100, maxMs: 2_000, jitter: true } as const;

// The store step's attempts walk the candidates; only a failure before any body byte moved goes on.
export const NEXT_ELEMENT: RetryPolicy = {
  attempts: 10,
  backoff: { kind: 'fixed', delayMs: 0 },
  isRetryable: (error) => error instanceof ElementSkippedError,
};

export const REGISTRY_TRANSIENT: RetryPolicy = {
  attempts: 4,
  backoff,
  isRetryable: (error) =>
    error instanceof RegistryUnavailableError ||
    (error instanceof RegistryRefusedError && error.status === 401),
};

export const DATABASE_TRANSIENT: RetryPolicy = { attempts: 3, backoff };

// Compensations retry transient faults on their own: the step policies above decide other things.
export const ELEMENT_COMPENSATION: RetryPolicy = {
  attempts: 5,
  backoff,
  isRetryable: (error) =>
    error instanceof ElementUnavailableError ||
    (error instanceof ElementRefusedError && error.status === 401),
};
