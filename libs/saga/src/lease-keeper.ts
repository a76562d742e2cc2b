import type { SagaLogger } from './saga-definition';
import type { SagaStore } from './saga-store';

/**
 * Renews a saga's lease a few times per lease period while this instance works on it, so a slow
 * step does not let a recovery worker take the saga over; calls `onLost` when the store says
 * another instance holds it now.
 */
export function keepLease(options: {
  store: SagaStore;
  sagaId: string;
  owner: string;
  leaseMs: number;
  logger: SagaLogger;
  onLost: () => void;
}): { stop(): void } {
  const { store, sagaId, owner, leaseMs, logger } = options;
  const renew = async (): Promise<void> => {
    try {
      if (!(await store.renewLease(sagaId, owner, leaseMs))) {
        options.onLost();
      }
    } catch (error) {
      // A missed renewal is harmless while the lease lasts; the next write finds out if it did not.
      logger.warn({ err: error, saga_id: sagaId }, 'saga lease renewal failed');
    }
  };
  const timer = setInterval(() => void renew(), Math.max(10, Math.floor(leaseMs / 3)));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
