import path from 'node:path';
import type { ConsistencyReport, DriftList } from '../file-cache/consistency-report';
import type { RebuildReport } from '../file-cache/rebuild-cache-from-files';
import type { SkippedSummary } from '../file-cache/skipped-entries';

// The API speaks snake_case like every other payload, and names paths relative to the data
// directory: the server's own layout is none of the client's business.

function skippedBody(skipped: SkippedSummary, dataDir: string) {
  return {
    count: skipped.count,
    by_reason: skipped.byReason,
    entries: skipped.entries.map((entry) => ({
      path: path.relative(dataDir, entry.path).split(path.sep).join('/'),
      reason: entry.reason,
    })),
  };
}

function driftBody(drift: DriftList) {
  return { count: drift.count, file_ids: drift.fileIds };
}

export function rebuildReportBody(report: RebuildReport, dataDir: string) {
  return { files: report.files, bytes: report.bytes, skipped: skippedBody(report.skipped, dataDir) };
}

export function consistencyReportBody(report: ConsistencyReport, dataDir: string) {
  const drift = report.missingFromCache.count + report.orphanRows.count + report.mismatchedRows.count;
  return {
    consistent: drift === 0,
    files_checked: report.filesChecked,
    rows_checked: report.rowsChecked,
    missing_from_cache: driftBody(report.missingFromCache),
    orphan_rows: driftBody(report.orphanRows),
    mismatched_rows: driftBody(report.mismatchedRows),
    skipped: skippedBody(report.skipped, dataDir),
  };
}
