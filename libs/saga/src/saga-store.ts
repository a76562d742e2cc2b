import type { NewSagaRecord, SagaLogEntry, SagaProgress, SagaRecord } from './saga-record';

/**
 * Where sagas are persisted. Every write of an in-progress saga is conditional on `owner` still
 * holding it, so an instance that lost its lease can never overwrite the new holder's progress.
 * Lease durations are relative (`leaseMs`) so the store's own clock decides, not each instance's.
 */
export interface SagaStore {
  /** Inserts the saga; false when a saga with that id already exists. */
  create(saga: NewSagaRecord): Promise<boolean>;

  get(id: string): Promise<SagaRecord | undefined>;

  /**
   * Writes progress and extends the lease by `leaseMs`; a final status also clears owner and lease
   * and sets `finishedAt`. False when `owner` no longer holds the saga.
   */
  saveProgress(id: string, owner: string, progress: SagaProgress, leaseMs: number): Promise<boolean>;

  /** Extends the lease; false when `owner` no longer holds the saga. */
  renewLease(id: string, owner: string, leaseMs: number): Promise<boolean>;

  /**
   * Gives the saga up: clears the owner, appends `log`, and lets it be claimed again after
   * `claimableAfterMs` (0 = at once). False when `owner` did not hold it.
   */
  release(id: string, owner: string, log: SagaLogEntry[], claimableAfterMs: number): Promise<boolean>;

  /**
   * Takes one unfinished saga by id if it is unowned, its lease has expired, or `owner` already
   * holds it; counts an attempt. Undefined when it is finished, missing or leased by another.
   */
  claim(id: string, owner: string, leaseMs: number): Promise<SagaRecord | undefined>;

  /**
   * Takes the unfinished saga whose lease expired longest ago, skipping sagas another claimer is
   * taking at the same moment (two claimers never get the same saga); counts an attempt.
   */
  claimExpired(owner: string, leaseMs: number): Promise<SagaRecord | undefined>;
}
