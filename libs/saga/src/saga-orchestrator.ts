import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { SagaDefinition, SagaLogger } from './saga-definition';
import { SagaExecution } from './saga-execution';
import type { SagaExecutionEnvironment, SagaStepObserver } from './saga-journal';
import { SagaMetrics } from './saga-metrics';
import { isSagaFinished, type SagaLogEntry, type SagaRecord } from './saga-record';
import { resultOfFinished, type SagaResult } from './saga-result';
import type { SagaStore } from './saga-store';
import { SagaError, SagaErrorCode } from './saga.errors';

/** How an orchestrator is set up; one per process. */
export interface SagaOrchestratorOptions {
  store: SagaStore;
  logger: SagaLogger;
  registry: Registry;
  /** Unique per process (e.g. `${hostname}:${pid}:${random}`): leases are held in this name. */
  ownerId: string;
  /** How long a lease lasts without renewal; a crashed instance's sagas wait this long for recovery. */
  leaseMs: number;
  /** Pause between rounds of a `retry_forward` step that keeps failing; default 5 s. */
  retryForwardDelayMs?: number;
  /** Called once a step's result is stored, before the next step (test builds hang crash failpoints here). */
  afterStep?: SagaStepObserver;
}

/** Options of one {@link SagaOrchestrator.start}. */
export interface SagaStartOptions<State> {
  /** Defaults to a random UUID; pass one to tie the saga to something (an upload id). */
  sagaId?: string;
  /** The state the first step sees; must be a JSON object (it is persisted as JSON). */
  initialState: State;
}

/**
 * Runs sagas: persists each one before its first step and after every step, compensates in
 * reverse after a failure, and holds a lease on the saga while it works so no other instance
 * runs it at the same time.
 */
export class SagaOrchestrator {
  readonly ownerId: string;
  readonly leaseMs: number;
  private readonly metrics: SagaMetrics;
  private readonly shutdown = new AbortController();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly options: SagaOrchestratorOptions) {
    this.ownerId = options.ownerId;
    this.leaseMs = options.leaseMs;
    this.metrics = new SagaMetrics(options.registry);
  }

  /**
   * Stores a new saga (`running`, step 0) and runs it to an outcome. Throws `SagaError` with
   * `AlreadyExists` for a taken id, and `Interrupted` when this instance had to stop early (the
   * recovery worker then finishes the saga); step failures are outcomes, not exceptions.
   */
  async start<Input, State extends object>(
    definition: SagaDefinition<Input, State>,
    input: Input,
    options: SagaStartOptions<State>,
  ): Promise<SagaResult<State>> {
    this.refuseAfterClose();
    const id = options.sagaId ?? randomUUID();
    const state = JSON.parse(JSON.stringify(options.initialState)) as Record<string, unknown>;
    const started: SagaLogEntry = {
      at: new Date().toISOString(),
      event: 'started',
      owner: this.ownerId,
      input,
    };
    const created = await this.options.store.create({
      id,
      type: definition.type,
      state,
      log: [started],
      owner: this.ownerId,
      leaseMs: this.leaseMs,
    });
    if (!created) {
      throw new SagaError(SagaErrorCode.AlreadyExists, `Saga ${id} already exists.`);
    }
    const now = new Date();
    // What the store now holds; the execution reads only id, status, step index, state and log.
    const record: SagaRecord = {
      id,
      type: definition.type,
      status: 'running',
      stepIndex: 0,
      state,
      log: [started],
      owner: this.ownerId,
      leaseUntil: new Date(now.getTime() + this.leaseMs),
      attempts: 1,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    return this.track(new SagaExecution(definition, record, this.environment()));
  }

  /**
   * Takes over an unfinished saga (its lease expired, or nobody holds it) and continues it: a
   * `running` saga re-runs its current step, a `compensating` one continues compensating. A
   * finished saga's result is returned as stored. Throws `NotFound`, `TypeMismatch`, `Leased`.
   */
  async resume<Input, State extends object>(
    sagaId: string,
    definition: SagaDefinition<Input, State>,
  ): Promise<SagaResult<State>> {
    this.refuseAfterClose();
    const stored = await this.options.store.get(sagaId);
    if (!stored) {
      throw new SagaError(SagaErrorCode.NotFound, `Saga ${sagaId} does not exist.`);
    }
    if (stored.type !== definition.type) {
      throw new SagaError(
        SagaErrorCode.TypeMismatch,
        `Saga ${sagaId} is a "${stored.type}", not a "${definition.type}".`,
      );
    }
    if (isSagaFinished(stored.status)) {
      return resultOfFinished(stored, stored.status);
    }
    const claimed = this.inFlight.has(sagaId)
      ? undefined
      : await this.options.store.claim(sagaId, this.ownerId, this.leaseMs);
    if (!claimed) {
      throw new SagaError(
        SagaErrorCode.Leased,
        `Saga ${sagaId} is being worked on by ${stored.owner ?? 'another run'}.`,
      );
    }
    return this.resumeClaimed(claimed, definition);
  }

  /**
   * Continues a saga this instance has just claimed (`SagaStore.claim*` with this `ownerId`);
   * used by `SagaRecoveryWorker`. Counts it in `saga_recovered_total`.
   */
  async resumeClaimed<Input, State extends object>(
    record: SagaRecord,
    definition: SagaDefinition<Input, State>,
  ): Promise<SagaResult<State>> {
    this.refuseAfterClose();
    if (this.inFlight.has(record.id)) {
      throw new SagaError(SagaErrorCode.Leased, `Saga ${record.id} is already running in this instance.`);
    }
    this.metrics.recordRecovered(definition.type);
    this.options.logger.info(
      { saga: definition.type, saga_id: record.id, status: record.status, step_index: record.stepIndex },
      'saga resumed',
    );
    const execution = new SagaExecution(definition, record, this.environment());
    execution.note({ event: 'resumed' });
    return this.track(execution);
  }

  /** Whether `close` was called; a closed orchestrator starts and resumes nothing. */
  get closed(): boolean {
    return this.shutdown.signal.aborted;
  }

  /** Whether this instance is working on the saga right now. */
  isRunning(sagaId: string): boolean {
    return this.inFlight.has(sagaId);
  }

  /**
   * Stops every saga this instance runs at its next step boundary (or aborts its current attempt)
   * and hands them back for recovery; resolves when all have stopped.
   */
  async close(): Promise<void> {
    this.shutdown.abort(new SagaError(SagaErrorCode.Interrupted, 'The saga orchestrator is closing.'));
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async track<State extends object>(execution: SagaExecution<State>): Promise<SagaResult<State>> {
    const id = execution.sagaId;
    const running = execution.execute();
    this.inFlight.set(id, running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(id);
    }
  }

  private environment(): SagaExecutionEnvironment {
    return {
      store: this.options.store,
      logger: this.options.logger,
      metrics: this.metrics,
      owner: this.ownerId,
      leaseMs: this.leaseMs,
      retryForwardDelayMs: this.options.retryForwardDelayMs ?? 5_000,
      ...(this.options.afterStep ? { afterStep: this.options.afterStep } : {}),
      shutdown: this.shutdown.signal,
    };
  }

  private refuseAfterClose(): void {
    if (this.shutdown.signal.aborted) {
      throw new SagaError(SagaErrorCode.Interrupted, 'The saga orchestrator is closed.');
    }
  }
}
