/**
 * Sagas: multi-service changes as steps with compensations, persisted before each step, retried
 * with backoff, compensated in reverse after a failure, and finished by a recovery worker after a
 * crash. Plain TypeScript: apps wire it up (store, orchestrator, worker) in their own modules.
 */
export {
  defineSaga,
  type SagaDefinition,
  type SagaFailurePolicy,
  type SagaLogger,
  type SagaStep,
  type SagaStepContext,
} from './saga-definition';
export { sagaCrashFailpoint } from './crash-failpoint';
export type { SagaStepObserver } from './saga-journal';
export { SagaError, SagaErrorCode, describeError, type SagaErrorInfo } from './saga.errors';
export { SagaOrchestrator, type SagaOrchestratorOptions, type SagaStartOptions } from './saga-orchestrator';
export {
  isSagaFinished,
  UNFINISHED_SAGA_STATUSES,
  type NewSagaRecord,
  type SagaLogEntry,
  type SagaLogEvent,
  type SagaOutcome,
  type SagaProgress,
  type SagaRecord,
  type SagaStatus,
} from './saga-record';
export {
  SagaRecoveryWorker,
  type SagaRecoveryReport,
  type SagaRecoveryWorkerOptions,
  type SomeSagaDefinition,
} from './saga-recovery-worker';
export type { SagaFailure, SagaResult } from './saga-result';
export type { SagaStore } from './saga-store';
export { CreateSagas1764800000000 } from './postgres/create-sagas.migration';
export { PostgresSagaStore } from './postgres/postgres-saga-store';
