import { setTimeout as sleep } from 'node:timers/promises';
import type { SagaDefinition, SagaStep } from './saga-definition';
import { SagaJournal, type SagaExecutionEnvironment } from './saga-journal';
import type { SagaStepResult } from './saga-metrics';
import { isSagaFinished, type SagaLogEntry, type SagaRecord, type SagaStatus } from './saga-record';
import { failureFromLog, type SagaFailure, type SagaResult } from './saga-result';
import { describeError, SagaError, SagaErrorCode } from './saga.errors';
import { attemptStep, type StepAttemptScope } from './step-attempts';

type CompensableStep<State> = SagaStep<State> & { compensate: NonNullable<SagaStep<State>['compensate']> };

const hasCompensation = <State>(step: SagaStep<State>): step is CompensableStep<State> =>
  step.compensate !== undefined;

/**
 * One instance working one claimed saga from its stored position to an outcome: steps forward,
 * then (after a failure) compensations in reverse. Progress is saved after every step, so the
 * store always holds the state before the next step. Throws `SagaError(Interrupted)` when it has to
 * stop early; the saga then stays unfinished for a recovery worker.
 */
export class SagaExecution<State extends object> {
  private status: SagaStatus;
  private stepIndex: number;
  private state: State;
  private failure: SagaFailure | undefined;
  private compensationFailed: boolean;
  private readonly journal: SagaJournal;
  private readonly signal: AbortSignal;
  private readonly scope: StepAttemptScope;

  constructor(
    private readonly definition: SagaDefinition<unknown, State>,
    private readonly record: SagaRecord,
    private readonly env: SagaExecutionEnvironment,
  ) {
    this.status = record.status;
    this.stepIndex = record.stepIndex;
    this.state = record.state as State;
    this.failure = failureFromLog(record.log);
    // After a resume, a compensation that failed before the crash still decides the outcome.
    this.compensationFailed = record.log.some((entry) => entry.event === 'compensation_failed');
    this.journal = new SagaJournal(record.id, env);
    this.signal = AbortSignal.any([env.shutdown, this.journal.lostLease]);
    this.scope = {
      sagaType: definition.type,
      sagaId: record.id,
      owner: env.owner,
      logger: env.logger,
      metrics: env.metrics,
      signal: this.signal,
      note: (entry) => this.journal.note(entry),
    };
  }

  get sagaId(): string {
    return this.record.id;
  }

  /** Adds an entry to the log; it is stored with the next write. */
  note(entry: Omit<SagaLogEntry, 'at' | 'owner'>): void {
    this.journal.note(entry);
  }

  async execute(): Promise<SagaResult<State>> {
    const lease = this.journal.holdLease();
    try {
      if (this.status === 'running') {
        await this.runForward();
      }
      if (this.status === 'compensating') {
        await this.compensate();
      }
      return this.result();
    } catch (error) {
      throw await this.journal.release(error);
    } finally {
      lease.stop();
    }
  }

  private async runForward(): Promise<void> {
    const { steps } = this.definition;
    while (this.stepIndex < steps.length) {
      const step = steps[this.stepIndex];
      const started = performance.now();
      let changes: Partial<State> | void;
      try {
        changes =
          step.onFailure === 'retry_forward' ? await this.runUntilDone(step) : await this.runOnce(step);
      } catch (error) {
        this.signal.throwIfAborted();
        this.recordStep(step, 'failed', started);
        await this.startCompensating(step, error);
        return;
      }
      this.recordStep(step, 'completed', started);
      // Through JSON, so the next step sees exactly what a resumed execution would read back.
      this.state = JSON.parse(JSON.stringify({ ...this.state, ...(changes ?? {}) })) as State;
      this.stepIndex += 1;
      this.journal.note({ event: 'step_completed', step: step.name });
      if (this.stepIndex === steps.length) {
        this.status = 'completed';
      }
      await this.save();
      await this.env.afterStep?.(this.definition.type, step.name);
    }
  }

  private async runOnce(step: SagaStep<State>): Promise<Partial<State> | void> {
    return attemptStep(this.scope, step, 'run', (context) => step.run(this.state, context));
  }

  // A step that cannot be undone: retry rounds until it succeeds or this instance must stop.
  private async runUntilDone(step: SagaStep<State>): Promise<Partial<State> | void> {
    for (let round = 1; ; round += 1) {
      try {
        return await this.runOnce(step);
      } catch (error) {
        this.signal.throwIfAborted();
        const delayMs = this.env.retryForwardDelayMs;
        this.env.metrics.recordRetry(this.definition.type, step.name);
        this.journal.note({
          event: 'retry_forward',
          step: step.name,
          attempt: round,
          delayMs,
          error: describeError(error),
        });
        this.env.logger.error(
          { ...this.logContext(), step: step.name, round, err: error },
          'saga step cannot be undone and failed: retrying it forward',
        );
        await this.save();
        await sleep(delayMs, undefined, { signal: this.signal, ref: false });
      }
    }
  }

  private async startCompensating(step: SagaStep<State>, error: unknown): Promise<void> {
    const info = describeError(error);
    this.failure = { step: step.name, ...info, cause: error };
    this.journal.note({ event: 'step_failed', step: step.name, error: info });
    this.env.logger.warn(
      { ...this.logContext(), step: step.name, err: error },
      'saga step failed: compensating',
    );
    this.status = 'compensating';
    if (step.compensateOwnFailure) {
      this.stepIndex += 1;
    }
    await this.save();
  }

  private async compensate(): Promise<void> {
    while (this.stepIndex > 0) {
      const step = this.definition.steps[this.stepIndex - 1];
      this.stepIndex -= 1;
      if (hasCompensation(step)) {
        await this.compensateStep(step);
        if (this.stepIndex > 0) {
          await this.save();
        }
      }
    }
    this.status = this.compensationFailed ? 'failed' : 'compensated';
    await this.save();
  }

  private async compensateStep(step: CompensableStep<State>): Promise<void> {
    const started = performance.now();
    try {
      await attemptStep(this.scope, step, 'compensate', (context) => step.compensate(this.state, context));
      this.recordStep(step, 'compensated', started);
      this.journal.note({ event: 'compensation_completed', step: step.name });
    } catch (error) {
      this.signal.throwIfAborted();
      // Recorded and carried on: undo as much as possible, then end `failed` for a human to look at.
      this.recordStep(step, 'compensation_failed', started);
      this.compensationFailed = true;
      this.journal.note({ event: 'compensation_failed', step: step.name, error: describeError(error) });
      this.env.logger.error(
        { ...this.logContext(), step: step.name, err: error },
        'saga compensation failed',
      );
    }
  }

  private async save(): Promise<void> {
    const outcome = isSagaFinished(this.status) ? this.status : undefined;
    if (outcome) {
      this.journal.note({ event: outcome });
    }
    const state = this.state as Record<string, unknown>;
    await this.journal.save({ status: this.status, stepIndex: this.stepIndex, state });
    if (outcome) {
      this.env.metrics.recordOutcome(this.definition.type, outcome);
      const level = outcome === 'completed' ? 'info' : outcome === 'compensated' ? 'warn' : 'error';
      this.env.logger[level]({ ...this.logContext(), outcome }, 'saga finished');
    }
  }

  private result(): SagaResult<State> {
    if (!isSagaFinished(this.status)) {
      throw new SagaError(SagaErrorCode.Interrupted, `Saga ${this.record.id} stopped while ${this.status}.`);
    }
    const error = this.status === 'completed' ? undefined : this.failure;
    return { sagaId: this.record.id, status: this.status, state: this.state, ...(error ? { error } : {}) };
  }

  private recordStep(step: SagaStep<State>, result: SagaStepResult, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    this.env.metrics.recordStep(this.definition.type, step.name, result, seconds);
  }

  private logContext(): Record<string, string> {
    return { saga: this.definition.type, saga_id: this.record.id };
  }
}
