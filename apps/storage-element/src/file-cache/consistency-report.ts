import type { FileSystem } from '@artstore/attr-wal';
import { readAttributeDocuments } from './attribute-documents';
import type { FileCacheRepository } from './file-cache.repository';
import { emptySkippedSummary, recordSkip, type SkippedSummary } from './skipped-entries';

/** At most this many ids are listed per kind of drift; the counts cover all of them. */
export const LISTED_IDS_LIMIT = 100;
const SUMMARY_PAGE_SIZE = 1_000;

export interface DriftList {
  count: number;
  fileIds: string[];
}

export interface ConsistencyReport {
  filesChecked: number;
  rowsChecked: number;
  /** attr.json files the cache does not know. */
  missingFromCache: DriftList;
  /** Cache rows without a (valid) attr.json. */
  orphanRows: DriftList;
  /** Rows whose version or sha256 differ from the file's. */
  mismatchedRows: DriftList;
  skipped: SkippedSummary;
}

function emptyDriftList(): DriftList {
  return { count: 0, fileIds: [] };
}

function recordDrift(list: DriftList, fileId: string): void {
  list.count += 1;
  if (list.fileIds.length < LISTED_IDS_LIMIT) {
    list.fileIds.push(fileId);
  }
}

/**
 * Compares the attr.json files with the cache. The files' versions and checksums are held in memory
 * (about 150 bytes per file); the cache is read in keyset pages.
 */
export async function consistencyReport(
  fs: FileSystem,
  dataDir: string,
  repository: FileCacheRepository,
): Promise<ConsistencyReport> {
  const onDisk = new Map<string, { version: number; sha256: string }>();
  const skipped = emptySkippedSummary();
  for await (const entry of readAttributeDocuments(fs, dataDir)) {
    if (entry.kind === 'skipped') {
      recordSkip(skipped, entry);
    } else {
      onDisk.set(entry.attr.file_id, { version: entry.attr.version, sha256: entry.attr.sha256 });
    }
  }
  const report: ConsistencyReport = {
    filesChecked: onDisk.size,
    rowsChecked: 0,
    missingFromCache: emptyDriftList(),
    orphanRows: emptyDriftList(),
    mismatchedRows: emptyDriftList(),
    skipped,
  };
  let afterFileId: string | null = null;
  for (;;) {
    const rows = await repository.summaries({ limit: SUMMARY_PAGE_SIZE, afterFileId });
    for (const row of rows) {
      report.rowsChecked += 1;
      const file = onDisk.get(row.fileId);
      if (!file) {
        recordDrift(report.orphanRows, row.fileId);
        continue;
      }
      onDisk.delete(row.fileId);
      if (file.version !== row.version || file.sha256 !== row.sha256) {
        recordDrift(report.mismatchedRows, row.fileId);
      }
    }
    if (rows.length < SUMMARY_PAGE_SIZE) {
      break;
    }
    afterFileId = rows[rows.length - 1]?.fileId ?? null;
  }
  for (const fileId of [...onDisk.keys()].sort()) {
    recordDrift(report.missingFromCache, fileId);
  }
  return report;
}
