import type { SagaErrorInfo } from './saga.errors';

/** `running` and `compensating` are in progress; the other three are final. */
export type SagaStatus = 'running' | 'compensating' | 'completed' | 'compensated' | 'failed';

/** The statuses a recovery worker picks up when their lease has expired. */
export const UNFINISHED_SAGA_STATUSES = ['running', 'compensating'] as const;

/** A final status: the saga will never run again. */
export type SagaOutcome = Extract<SagaStatus, 'completed' | 'compensated' | 'failed'>;

export function isSagaFinished(status: SagaStatus): status is SagaOutcome {
  return status === 'completed' || status === 'compensated' || status === 'failed';
}

/** What happened to a saga, in the order it happened; kept in the saga's `log`. */
export type SagaLogEvent =
  | 'started'
  | 'step_completed'
  | 'step_retry'
  | 'step_failed'
  | 'retry_forward'
  | 'compensation_completed'
  | 'compensation_retry'
  | 'compensation_failed'
  | 'resumed'
  | 'released'
  | 'unknown_type'
  | 'completed'
  | 'compensated'
  | 'failed';

/** One event of a saga's log. `at` is an ISO-8601 time of the instance that wrote it. */
export interface SagaLogEntry {
  at: string;
  event: SagaLogEvent;
  step?: string;
  /** The attempt (1-based) within one retry sequence, or the round of a retry-forward step. */
  attempt?: number;
  /** The instance that wrote the entry. */
  owner?: string;
  error?: SagaErrorInfo;
  delayMs?: number;
  /** On `started`: the input `start` was given, as JSON. */
  input?: unknown;
}

/**
 * A stored saga. `stepIndex` counts the steps whose effects may exist: while `running` it is the
 * next step to run; while `compensating` the next compensation is that of step `stepIndex - 1`.
 */
export interface SagaRecord {
  id: string;
  type: string;
  status: SagaStatus;
  stepIndex: number;
  /** JSON object: what `run` results merged into the initial state. */
  state: Record<string, unknown>;
  log: SagaLogEntry[];
  /** The instance working on it; null once finished or released. */
  owner: string | null;
  leaseUntil: Date | null;
  /** How many times an instance took the saga up: 1 at start, plus one per resume. */
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** What `SagaStore.create` stores: a new saga, `running` at step 0 and leased to `owner`. */
export interface NewSagaRecord {
  id: string;
  type: string;
  state: Record<string, unknown>;
  log: SagaLogEntry[];
  owner: string;
  leaseMs: number;
}

/** One progress write by the lease holder; `log` entries are appended to the stored log. */
export interface SagaProgress {
  status: SagaStatus;
  stepIndex: number;
  state: Record<string, unknown>;
  log: SagaLogEntry[];
}
