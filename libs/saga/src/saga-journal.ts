import { keepLease } from './lease-keeper';
import type { SagaLogger } from './saga-definition';
import type { SagaMetrics } from './saga-metrics';
import type { SagaLogEntry, SagaProgress } from './saga-record';
import type { SagaStore } from './saga-store';
import { describeError, SagaError, SagaErrorCode } from './saga.errors';

/** Sees every forward step whose result was stored: `(saga type, step name)`. */
export type SagaStepObserver = (sagaType: string, step: string) => Promise<void>;

/** What an execution needs from the orchestrator that runs it. */
export interface SagaExecutionEnvironment {
  store: SagaStore;
  logger: SagaLogger;
  metrics: SagaMetrics;
  owner: string;
  leaseMs: number;
  retryForwardDelayMs: number;
  /** Aborts when the orchestrator closes. */
  shutdown: AbortSignal;
  afterStep?: SagaStepObserver;
}

/**
 * The store side of one execution: collects log entries, writes progress under the lease, keeps
 * the lease alive, and gives the saga back when the execution has to stop early.
 */
export class SagaJournal {
  private pending: SagaLogEntry[] = [];
  private readonly leaseLost = new AbortController();

  constructor(
    private readonly sagaId: string,
    private readonly env: SagaExecutionEnvironment,
  ) {}

  /** Aborts when another instance has taken the saga over. */
  get lostLease(): AbortSignal {
    return this.leaseLost.signal;
  }

  /** Adds an entry to the log; it is stored with the next write. */
  note(entry: Omit<SagaLogEntry, 'at' | 'owner'>): void {
    this.pending.push({ at: new Date().toISOString(), owner: this.env.owner, ...entry });
  }

  /** Renews the lease in the background until `stop`. */
  holdLease(): { stop(): void } {
    return keepLease({
      store: this.env.store,
      sagaId: this.sagaId,
      owner: this.env.owner,
      leaseMs: this.env.leaseMs,
      logger: this.env.logger,
      onLost: () => this.leaseLost.abort(this.lostLeaseError()),
    });
  }

  /** Writes progress with the noted entries; throws `Interrupted` if the lease was lost. */
  async save(progress: Omit<SagaProgress, 'log'>): Promise<void> {
    const log = this.pending;
    const saved = await this.env.store.saveProgress(
      this.sagaId,
      this.env.owner,
      { ...progress, log },
      this.env.leaseMs,
    );
    if (!saved) {
      const lost = this.lostLeaseError();
      this.leaseLost.abort(lost);
      throw lost;
    }
    this.pending = this.pending.slice(log.length);
  }

  /**
   * Leaves the saga unfinished and hands it back at once, so another instance resumes it sooner
   * than the lease would allow. Returns the `Interrupted` error to throw.
   */
  async release(reason: unknown): Promise<SagaError> {
    const interrupted =
      reason instanceof SagaError && reason.code === SagaErrorCode.Interrupted
        ? reason
        : new SagaError(SagaErrorCode.Interrupted, `Saga ${this.sagaId} was interrupted.`, { cause: reason });
    this.env.logger.warn({ saga_id: this.sagaId, err: reason }, 'saga interrupted; recovery will finish it');
    this.note({ event: 'released', error: describeError(interrupted.cause ?? interrupted) });
    try {
      await this.env.store.release(this.sagaId, this.env.owner, this.pending, 0);
    } catch (error) {
      // The store is gone too: the lease expires and a recovery worker takes over.
      this.env.logger.warn({ saga_id: this.sagaId, err: error }, 'saga release failed');
    }
    return interrupted;
  }

  private lostLeaseError(): SagaError {
    return new SagaError(
      SagaErrorCode.Interrupted,
      `Saga ${this.sagaId}: another instance holds its lease now.`,
    );
  }
}
