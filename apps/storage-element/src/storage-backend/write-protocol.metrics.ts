import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import type { RecoveryReport } from '@artstore/attr-wal';
import { APP_CONFIG, MetricsService } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';

/** WAL fsync latency and what recovery did at start. */
@Injectable()
export class WriteProtocolMetrics {
  private readonly labels: { element_id: string };
  private readonly walSync: Histogram<'element_id'>;
  private readonly recovered: Counter<'element_id' | 'action'>;

  constructor(@Inject(APP_CONFIG) config: StorageElementConfig, metrics: MetricsService) {
    this.labels = { element_id: config.SE_ID };
    this.walSync = new Histogram({
      name: 'storage_element_wal_fsync_duration_seconds',
      help: 'Duration of each WAL fdatasync (one per group-committed batch of records).',
      labelNames: ['element_id'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [metrics.registry],
    });
    this.recovered = new Counter({
      name: 'storage_element_recovery_actions_total',
      help: 'What WAL recovery did at start: transactions rolled back, orphan files and segments removed.',
      labelNames: ['element_id', 'action'],
      registers: [metrics.registry],
    });
  }

  readonly observeWalSync = (seconds: number): void => {
    this.walSync.observe(this.labels, seconds);
  };

  recordRecovery(report: RecoveryReport): void {
    const actions: Record<string, number> = {
      rolled_back_create: report.rolledBackCreates,
      rolled_back_update: report.rolledBackUpdates,
      rolled_back_delete: report.rolledBackDeletes,
      temp_file_removed: report.tempFilesRemoved,
      trash_file_removed: report.trashFilesRemoved,
      wal_segment_removed: report.walSegmentsRemoved,
      torn_wal_line: report.tornWalLines,
    };
    for (const [action, count] of Object.entries(actions)) {
      this.recovered.inc({ ...this.labels, action }, count);
    }
  }
}
