import type { RetryPolicy } from '@artstore/resilience';
import { SagaError, SagaErrorCode } from './saga.errors';

/** The logger a saga writes to; pino's `Logger` fits. */
export interface SagaLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** What a step's `run` and `compensate` get besides the state. */
export interface SagaStepContext {
  sagaId: string;
  /** 1-based attempt within the current retry sequence. */
  attempt: number;
  /** Aborts on the attempt's timeout, on shutdown, and when this instance loses the saga's lease. */
  signal: AbortSignal;
  logger: SagaLogger;
}

/**
 * What to do when a step has failed for good (a non-retryable error, or retries exhausted):
 * `compensate` undoes the completed steps in reverse order; `retry_forward` is for a step that
 * cannot be undone once started, and retries it until it succeeds, recording every round.
 */
export type SagaFailurePolicy = 'compensate' | 'retry_forward';

/** One step of a saga. `run` and `compensate` must be idempotent: after a crash they run again. */
export interface SagaStep<State> {
  /** Unique within the saga; used in the log and as a metric label. */
  name: string;
  /** Does the step's work; the returned fields are merged into the state and persisted. */
  run(state: Readonly<State>, context: SagaStepContext): Promise<Partial<State> | void>;
  /** Undoes `run`; given the state as it was when the saga started compensating. */
  compensate?(state: Readonly<State>, context: SagaStepContext): Promise<void>;
  /** Used for `run` and `compensate`; without it each is tried once. */
  retry?: RetryPolicy;
  onFailure: SagaFailurePolicy;
  /**
   * The step may have taken effect although it reported failure (a timeout after the write
   * landed): compensate it too, not only the steps before it. Needs `compensate`.
   */
  compensateOwnFailure?: boolean;
}

/**
 * A saga type: its steps in order. `Input` is what `start` is asked to do (recorded in the log's
 * `started` entry); `State` is the JSON object the steps read and extend.
 */
export interface SagaDefinition<Input, State> {
  readonly type: string;
  readonly steps: readonly SagaStep<State>[];
  /** Type-only: keeps `Input` part of the definition's type so `start` checks it. Never set. */
  readonly inputType?: Input;
}

/**
 * Declares a saga. Refuses duplicate step names, a `compensateOwnFailure` step without
 * `compensate`, and a `compensate` step after a `retry_forward` one: once a step that cannot be
 * undone has run, compensating later failures would undo the steps around it and keep its effect.
 */
export function defineSaga<Input, State extends object>(definition: {
  type: string;
  steps: SagaStep<State>[];
}): SagaDefinition<Input, State> {
  const invalid = (reason: string): SagaError =>
    new SagaError(SagaErrorCode.InvalidDefinition, `Saga "${definition.type}": ${reason}.`);
  if (definition.type.trim() === '') {
    throw invalid('the type is empty');
  }
  if (definition.steps.length === 0) {
    throw invalid('it has no steps');
  }
  const names = new Set<string>();
  let pivot: string | undefined;
  for (const step of definition.steps) {
    if (names.has(step.name)) {
      throw invalid(`step "${step.name}" appears twice`);
    }
    names.add(step.name);
    if (step.compensateOwnFailure && !step.compensate) {
      throw invalid(`step "${step.name}" has compensateOwnFailure but no compensate`);
    }
    if (pivot !== undefined && step.onFailure === 'compensate') {
      throw invalid(`step "${step.name}" compensates but follows "${pivot}", which cannot be undone`);
    }
    if (step.onFailure === 'retry_forward') {
      pivot ??= step.name;
    }
  }
  return Object.freeze({ type: definition.type, steps: Object.freeze([...definition.steps]) });
}
