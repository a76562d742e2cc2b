import type { SagaErrorInfo } from './saga.errors';
import type { SagaLogEntry, SagaOutcome, SagaRecord } from './saga-record';

/** The step failure that made a saga compensate. */
export interface SagaFailure extends SagaErrorInfo {
  step: string;
  /** The thrown value, when this instance saw it (not after a resume from the store). */
  cause?: unknown;
}

/** How a saga ended. The caller decides what to answer; `error` is set unless it `completed`. */
export interface SagaResult<State> {
  sagaId: string;
  status: SagaOutcome;
  state: State;
  error?: SagaFailure;
}

/** The failure recorded in a saga's log, if a step failed for good. */
export function failureFromLog(log: readonly SagaLogEntry[]): SagaFailure | undefined {
  const failed = log.find((entry) => entry.event === 'step_failed');
  if (!failed?.error || failed.step === undefined) {
    return undefined;
  }
  return { step: failed.step, code: failed.error.code, message: failed.error.message };
}

/** The result of a saga that had already finished. */
export function resultOfFinished<State>(record: SagaRecord, status: SagaOutcome): SagaResult<State> {
  const error = failureFromLog(record.log);
  return {
    sagaId: record.id,
    status,
    state: record.state as State,
    ...(error ? { error } : {}),
  };
}
