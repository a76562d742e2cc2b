import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import type { IngesterConfig } from '../config/ingester.config';
import { FileChangeError, mapFileChangeError } from '../file-changes/file-change.errors';
import { FileChangesService } from '../file-changes/file-changes.service';
import { ExpiryMetrics, type ExpiryResult } from './expiry.metrics';

/** What one expiry run did. */
export type ExpiryReport = Record<ExpiryResult, number>;

/** The audit actor of expiries: no client asked for them. */
export const EXPIRY_ACTOR = 'system';
const PAGE_SIZE = 100;

/**
 * Removes temporary files whose ttl has passed: pages the registry (`retention_policy=temporary`,
 * `expires_before=now`) and runs the delete saga for each, one at a time (a backstop, not a race).
 */
@Injectable()
export class TtlExpiryService {
  constructor(
    private readonly changes: FileChangesService,
    private readonly metrics: ExpiryMetrics,
    @Inject(APP_CONFIG) private readonly config: IngesterConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  async expireDue(now: Date = new Date()): Promise<ExpiryReport> {
    const report: ExpiryReport = { expired: 0, pending: 0, refused: 0, failed: 0 };
    let cursor: string | undefined;
    do {
      const page = await this.changes.listRegistered(
        { retention_policy: 'temporary', expires_before: now.toISOString(), limit: PAGE_SIZE, cursor },
        AbortSignal.timeout(this.config.ADMIN_CALL_TIMEOUT_MS),
      );
      for (const file of page.items) {
        const result = await this.expire(file.file_id, () =>
          this.changes.deleteRegistered(file, 'expired', EXPIRY_ACTOR),
        );
        report[result] += 1;
        this.metrics.record(result);
      }
      // Keyset paging stays correct while rows of earlier pages disappear.
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
    return report;
  }

  private async expire(fileId: string, remove: () => Promise<{ status: string }>): Promise<ExpiryResult> {
    try {
      const outcome = await remove();
      return outcome.status === 'completed' ? 'expired' : 'pending';
    } catch (error) {
      const refused = error instanceof FileChangeError && (mapFileChangeError(error)?.status ?? 500) < 500;
      this.logger.warn({ err: error, file_id: fileId }, 'an expired file was not removed');
      return refused ? 'refused' : 'failed';
    }
  }
}
