import type { AttrJson } from '@artstore/contracts';

export const WAL_OPERATIONS = ['create', 'update', 'delete'] as const;
export type WalOperation = (typeof WAL_OPERATIONS)[number];

export const WAL_PHASES = ['intent', 'commit', 'abort'] as const;
export type WalPhase = (typeof WAL_PHASES)[number];

interface WalRecordBase {
  tx: string;
  op: WalOperation;
  file_id: string;
  /** ISO-8601 time of the append. */
  at: string;
}

/** Opens a transaction; update and delete carry the attributes to restore on rollback. */
export interface WalIntentRecord extends WalRecordBase {
  phase: 'intent';
  previous: AttrJson | null;
}

export interface WalOutcomeRecord extends WalRecordBase {
  phase: 'commit' | 'abort';
  /** Why an abort happened (error code, or `recovered`). */
  reason?: string;
}

/** One line of a WAL segment. */
export type WalRecord = WalIntentRecord | WalOutcomeRecord;
