import type { FileSystem } from '@artstore/attr-wal';
import type { AttrJson } from '@artstore/contracts';
import { readAttributeDocuments } from './attribute-documents';
import type { FileCacheRepository } from './file-cache.repository';
import { emptySkippedSummary, recordSkip, type SkippedSummary } from './skipped-entries';

const INSERT_BATCH_SIZE = 500;

export interface RebuildReport {
  files: number;
  bytes: number;
  skipped: SkippedSummary;
}

/**
 * Replaces the cache with what the attr.json files say, in one transaction. The table is emptied
 * and locked against writers before the walk starts, so a write protocol's cache update arriving
 * during the walk waits for the commit and then applies on top (its files were renamed into place
 * before its hook ran); readers see the previous rows until the commit.
 */
export async function rebuildCacheFromFiles(
  fs: FileSystem,
  dataDir: string,
  repository: FileCacheRepository,
): Promise<RebuildReport> {
  return repository.transaction(async (manager) => {
    await repository.clearForRebuild(manager);
    const report: RebuildReport = { files: 0, bytes: 0, skipped: emptySkippedSummary() };
    let batch: AttrJson[] = [];
    for await (const entry of readAttributeDocuments(fs, dataDir)) {
      if (entry.kind === 'skipped') {
        recordSkip(report.skipped, entry);
        continue;
      }
      batch.push(entry.attr);
      report.files += 1;
      report.bytes += entry.attr.size_bytes;
      if (batch.length === INSERT_BATCH_SIZE) {
        await repository.insertMany(manager, batch);
        batch = [];
      }
    }
    await repository.insertMany(manager, batch);
    return report;
  });
}
