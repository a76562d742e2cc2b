import { join } from 'node:path';
import type { FileSystem } from '../fs/file-system';
import { TEMP_PREFIX, TRASH_PREFIX } from '../layout/file-layout';
import { removeCreatedFile, restoreAttributes, restoreHiddenFile } from '../transactions/compensations';
import type { TransactionContext } from '../transactions/transaction-context';
import type { WalIntentRecord } from '../wal/wal-record';

/** What recovery did, for logs and metrics. */
export interface RecoveryReport {
  rolledBackCreates: number;
  rolledBackUpdates: number;
  rolledBackDeletes: number;
  /** `.tmp-*` files removed under the root. */
  tempFilesRemoved: number;
  /** Files left hidden by committed deletes, removed. */
  trashFilesRemoved: number;
  walSegmentsRemoved: number;
  /** WAL lines ignored because their checksum failed (a torn tail). */
  tornWalLines: number;
  /** Files whose transaction was rolled back: a cache of them must be re-read from disk. */
  rolledBackFileIds: string[];
}

const YEAR_DIRECTORY = /^\d{4}$/;

async function rollBack(context: TransactionContext, intent: WalIntentRecord): Promise<void> {
  switch (intent.op) {
    case 'create':
      return removeCreatedFile(context.fs, context.root, intent.file_id);
    case 'update':
      // An update intent without previous attributes cannot come from this library; nothing to restore.
      return intent.previous
        ? restoreAttributes(context.fs, context.root, intent.previous, context.directories)
        : undefined;
    case 'delete':
      return restoreHiddenFile(context.fs, context.root, intent.file_id, intent.tx, context.directories);
  }
}

/** Removes `.tmp-*` and `.trash-*` files in the YYYY/MM/DD/HH tree; other files of the data dir are left alone. */
async function sweepOrphans(
  fs: FileSystem,
  directory: string,
  depth: number,
  report: RecoveryReport,
): Promise<void> {
  let removedHere = false;
  for (const entry of await fs.readDirectory(directory)) {
    const path = join(directory, entry.name);
    if (entry.isDirectory) {
      if (depth < 4 && (depth > 0 || YEAR_DIRECTORY.test(entry.name))) {
        await sweepOrphans(fs, path, depth + 1, report);
      }
    } else if (depth === 4 && entry.name.startsWith(TEMP_PREFIX)) {
      removedHere = (await fs.removeFile(path)) || removedHere;
      report.tempFilesRemoved += 1;
    } else if (depth === 4 && entry.name.startsWith(TRASH_PREFIX)) {
      removedHere = (await fs.removeFile(path)) || removedHere;
      report.trashFilesRemoved += 1;
    }
  }
  if (removedHere) {
    await fs.syncDirectory(directory);
  }
}

/**
 * Rolls back every transaction without a commit or abort, journals the aborts, removes orphan temp
 * and trash files, compacts the WAL. Must finish before the element accepts requests; idempotent.
 */
export async function recoverPendingTransactions(context: TransactionContext): Promise<RecoveryReport> {
  const report: RecoveryReport = {
    rolledBackCreates: 0,
    rolledBackUpdates: 0,
    rolledBackDeletes: 0,
    tempFilesRemoved: 0,
    trashFilesRemoved: 0,
    walSegmentsRemoved: 0,
    tornWalLines: context.wal.tornLines,
    rolledBackFileIds: [],
  };
  for (const intent of context.wal.unfinishedIntents()) {
    await rollBack(context, intent);
    report.rolledBackFileIds.push(intent.file_id);
    await context.wal.append({
      tx: intent.tx,
      op: intent.op,
      file_id: intent.file_id,
      phase: 'abort',
      reason: 'recovered',
      at: context.now().toISOString(),
    });
    if (intent.op === 'create') {
      report.rolledBackCreates += 1;
    } else if (intent.op === 'update') {
      report.rolledBackUpdates += 1;
    } else {
      report.rolledBackDeletes += 1;
    }
  }
  // Trash of still-unfinished deletes was restored above, so every remaining trash file is garbage.
  await sweepOrphans(context.fs, context.root, 0, report);
  report.walSegmentsRemoved = await context.wal.compact();
  return report;
}
