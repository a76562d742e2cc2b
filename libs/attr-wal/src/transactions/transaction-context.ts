import type { AttrJson } from '@artstore/contracts';
import type { DirectorySync } from '../fs/directory-sync';
import type { FileSystem } from '../fs/file-system';
import type { WriteAheadLog } from '../wal/write-ahead-log';
import type { Failpoint } from './failpoints';

/** What every transaction needs; built once by AttrWal. */
export interface TransactionContext {
  fs: FileSystem;
  /** Shares directory fsyncs among concurrent transactions; use it for every fsync after a rename. */
  directories: DirectorySync;
  root: string;
  wal: WriteAheadLog;
  failpoint: Failpoint;
  now: () => Date;
  storageElementId: string;
}

/** Undoes the caller's side effects (cache row, published event) when the transaction rolls back. */
export type HookCompensation = () => Promise<void>;

/**
 * Runs after the files are durable and before the commit record: the service updates its cache and
 * publishes the change here. Throwing rolls the transaction back; a returned function is called on
 * a later rollback (e.g. the commit record could not be written).
 */
export type BeforeCommitHook = (attributes: AttrJson) => Promise<void | HookCompensation>;
