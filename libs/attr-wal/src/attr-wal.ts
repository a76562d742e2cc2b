import type { AttrJson, FileAttributesPatch } from '@artstore/contracts';
import { join } from 'node:path';
import { DirectorySync } from './fs/directory-sync';
import type { FileSystem } from './fs/file-system';
import { NodeFileSystem } from './fs/node-file-system';
import { assertFileId } from './layout/file-id';
import { pathsFor } from './layout/file-layout';
import { recoverPendingTransactions, type RecoveryReport } from './recovery/recover-pending-transactions';
import { readAttributesFile } from './transactions/attributes.codec';
import {
  createFile,
  type CreateFileInput,
  type CreateFileResult,
} from './transactions/create-file.transaction';
import { deleteFile } from './transactions/delete-file.transaction';
import { noFailpoint, type Failpoint } from './transactions/failpoints';
import { KeyedLock } from './transactions/keyed-lock';
import type { BeforeCommitHook, TransactionContext } from './transactions/transaction-context';
import { updateAttributes } from './transactions/update-attributes.transaction';
import { WriteAheadLog } from './wal/write-ahead-log';

export interface AttrWalOptions {
  /** `SE_DATA_DIR`: files live in `<dataDir>/YYYY/MM/DD/HH/`, the WAL in `<dataDir>/wal/`. */
  dataDir: string;
  /** Written into every new attr.json. */
  storageElementId: string;
  /** Defaults to the real filesystem. */
  fileSystem?: FileSystem;
  /** Test-only: called after each protocol step. */
  failpoint?: Failpoint;
  now?: () => Date;
  /** WAL segment rotation size; default 64 MiB. */
  maxWalSegmentBytes?: number;
  /** Observes each WAL fdatasync (seconds, records in the batch), e.g. for a latency histogram. */
  onWalSync?: (seconds: number, records: number) => void;
}

/**
 * The storage element's durable write protocol (SPEC §4): every create, attribute update and delete
 * is journaled in the WAL, serialized per file id, and rolled back on any failure.
 */
export class AttrWal {
  private readonly lock = new KeyedLock();

  private constructor(private readonly context: TransactionContext) {}

  /** Opens the WAL. Call `recover()` before serving any request. */
  static async open(options: AttrWalOptions): Promise<AttrWal> {
    const fs = options.fileSystem ?? new NodeFileSystem();
    const wal = await WriteAheadLog.open(fs, join(options.dataDir, 'wal'), {
      maxSegmentBytes: options.maxWalSegmentBytes,
      onSync: options.onWalSync,
    });
    return new AttrWal({
      fs,
      directories: new DirectorySync(fs),
      root: options.dataDir,
      wal,
      failpoint: options.failpoint ?? noFailpoint,
      now: options.now ?? (() => new Date()),
      storageElementId: options.storageElementId,
    });
  }

  /** False after a WAL append failed; the element should stop accepting writes and restart. */
  get healthy(): boolean {
    return this.context.wal.healthy;
  }

  /** Rolls back unfinished transactions, removes orphan temp files, compacts the WAL. Idempotent. */
  recover(): Promise<RecoveryReport> {
    return recoverPendingTransactions(this.context);
  }

  /** Stores a new file; the same id with the same content answers `created: false`, other content `conflict`. */
  async create(input: CreateFileInput): Promise<CreateFileResult> {
    assertFileId(input.fileId);
    return this.lock.runExclusive(input.fileId, () => createFile(this.context, input));
  }

  /** Patches attr.json (version + 1, updated_at = now). */
  async updateAttributes(
    fileId: string,
    patch: FileAttributesPatch,
    beforeCommit?: BeforeCommitHook,
  ): Promise<AttrJson> {
    assertFileId(fileId);
    return this.lock.runExclusive(fileId, () => updateAttributes(this.context, fileId, patch, beforeCommit));
  }

  /** Removes the file and its attr.json; resolves with the attributes it had. */
  async delete(fileId: string, beforeCommit?: BeforeCommitHook): Promise<AttrJson> {
    assertFileId(fileId);
    return this.lock.runExclusive(fileId, () => deleteFile(this.context, fileId, beforeCommit));
  }

  /** The committed attributes of a file, or undefined. */
  async readAttributes(fileId: string): Promise<AttrJson | undefined> {
    assertFileId(fileId);
    return readAttributesFile(this.context.fs, pathsFor(this.context.root, fileId).attributes);
  }

  /** Deletes WAL segments whose transactions have all finished. */
  compactWal(): Promise<number> {
    return this.context.wal.compact();
  }

  /** Waits for queued WAL appends and closes the current segment. */
  close(): Promise<void> {
    return this.context.wal.close();
  }
}
