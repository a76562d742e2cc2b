import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AttrWal, pathsFor, type FileSystem } from '@artstore/attr-wal';
import type { AttrJson } from '@artstore/contracts';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { FileCacheRepository } from '../file-cache/file-cache.repository';
import { ELEMENT_FILE_SYSTEM } from '../storage-backend/element-file-system';
import { CorruptedFilesRepository, type CorruptionReason } from './corrupted-files.repository';
import { IntegrityMetrics } from './integrity.metrics';
import { ScrubInProgressError } from './integrity.errors';

export interface ScrubReport {
  files_checked: number;
  bytes_checked: number;
  corrupted: { file_id: string; reason: CorruptionReason }[];
  /** Files found good again that had been marked corrupted (restored from a backup). */
  recovered: string[];
  started_at: string;
  duration_ms: number;
}

const PAGE_SIZE = 500;
const MAX_LISTED = 1000;

/** What re-hashing one file found. */
async function verify(
  fileSystem: FileSystem,
  dataDir: string,
  attributes: AttrJson,
): Promise<
  { ok: true; bytes: number } | { ok: false; bytes: number; reason: CorruptionReason; actual: string | null }
> {
  const stream = await fileSystem.openRead(pathsFor(dataDir, attributes.file_id).data);
  if (!stream) {
    return { ok: false, bytes: 0, reason: 'missing_data', actual: null };
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  const actual = hash.digest('hex');
  if (bytes !== attributes.size_bytes) {
    return { ok: false, bytes, reason: 'size_mismatch', actual };
  }
  return actual === attributes.sha256
    ? { ok: true, bytes }
    : { ok: false, bytes, reason: 'digest_mismatch', actual };
}

/**
 * Re-hashes every file the cache knows against its attr.json (SPEC §4 scrub), one at a time so it
 * never competes hard with uploads. Files on disk the cache lacks are the consistency report's job.
 */
@Injectable()
export class ScrubService {
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: StorageElementConfig,
    @Inject(ELEMENT_FILE_SYSTEM) private readonly fileSystem: FileSystem,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly wal: AttrWal,
    private readonly cache: FileCacheRepository,
    private readonly corrupted: CorruptedFilesRepository,
    private readonly metrics: IntegrityMetrics,
  ) {}

  async scrub(trigger: 'api' | 'schedule'): Promise<ScrubReport> {
    if (this.running) {
      throw new ScrubInProgressError();
    }
    this.running = true;
    const started = new Date();
    const report: ScrubReport = {
      files_checked: 0,
      bytes_checked: 0,
      corrupted: [],
      recovered: [],
      started_at: started.toISOString(),
      duration_ms: 0,
    };
    try {
      let after: string | null = null;
      for (;;) {
        const page = await this.cache.summaries({ limit: PAGE_SIZE, afterFileId: after });
        for (const summary of page) {
          await this.check(summary.fileId, report);
        }
        if (page.length < PAGE_SIZE) {
          break;
        }
        after = page[page.length - 1]?.fileId ?? null;
      }
    } finally {
      this.running = false;
    }
    report.duration_ms = Date.now() - started.getTime();
    this.metrics.recordScrub(trigger, report.files_checked, report.bytes_checked, report.corrupted.length);
    const log = { trigger, ...report, corrupted: report.corrupted.slice(0, MAX_LISTED) };
    if (report.corrupted.length > 0) {
      this.logger.error(log, 'scrub found corrupted files');
    } else {
      this.logger.info({ ...log, corrupted: [] }, 'scrub finished');
    }
    return { ...report, corrupted: report.corrupted.slice(0, MAX_LISTED) };
  }

  private async check(fileId: string, report: ScrubReport): Promise<void> {
    // attr.json is the truth; a file deleted since the page was read is simply skipped.
    const attributes = await this.wal.readAttributes(fileId);
    if (!attributes) {
      return;
    }
    const outcome = await verify(this.fileSystem, this.config.SE_DATA_DIR, attributes);
    report.files_checked += 1;
    report.bytes_checked += outcome.bytes;
    if (outcome.ok) {
      if (await this.corrupted.isCorrupted(fileId)) {
        await this.corrupted.clear(fileId);
        report.recovered.push(fileId);
      }
      return;
    }
    // Deleted while it was being read: not corruption.
    if (!(await this.wal.readAttributes(fileId))) {
      return;
    }
    await this.corrupted.record({
      file_id: fileId,
      expected_sha256: attributes.sha256,
      actual_sha256: outcome.actual,
      reason: outcome.reason,
    });
    report.corrupted.push({ file_id: fileId, reason: outcome.reason });
  }
}
