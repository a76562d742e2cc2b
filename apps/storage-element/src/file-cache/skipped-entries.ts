import type { SkipReason, SkippedEntry } from './attribute-files.walker';

/** At most this many skipped paths are listed; the counts cover all of them. */
export const LISTED_SKIPS_LIMIT = 100;

export interface SkippedSummary {
  count: number;
  byReason: Partial<Record<SkipReason, number>>;
  /** The first `LISTED_SKIPS_LIMIT` skipped entries. */
  entries: { path: string; reason: SkipReason }[];
}

export function emptySkippedSummary(): SkippedSummary {
  return { count: 0, byReason: {}, entries: [] };
}

export function recordSkip(summary: SkippedSummary, entry: SkippedEntry): void {
  summary.count += 1;
  summary.byReason[entry.reason] = (summary.byReason[entry.reason] ?? 0) + 1;
  if (summary.entries.length < LISTED_SKIPS_LIMIT) {
    summary.entries.push({ path: entry.path, reason: entry.reason });
  }
}
