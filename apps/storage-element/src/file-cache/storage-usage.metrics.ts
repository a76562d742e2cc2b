import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { APP_CONFIG, MetricsService } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { FileCacheRepository } from './file-cache.repository';

/** `storage_space_used_bytes` (the seed's name) and the file count, read from the cache at scrape time. */
@Injectable()
export class StorageUsageMetrics {
  constructor(
    @Inject(APP_CONFIG) config: StorageElementConfig,
    metrics: MetricsService,
    repository: FileCacheRepository,
  ) {
    const labels = { element_id: config.SE_ID };
    let latest: Promise<{ usedBytes: number; fileCount: number } | undefined> | undefined;
    // Both gauges share one query per scrape.
    const usage = () =>
      (latest ??= repository
        .usage()
        .catch(() => undefined)
        .finally(() => (latest = undefined)));
    const gauges = [
      {
        name: 'storage_space_used_bytes',
        help: 'Bytes of file content stored on the element (from its file cache).',
        value: (current: { usedBytes: number }) => current.usedBytes,
      },
      {
        name: 'storage_files_stored',
        help: 'Files stored on the element (from its file cache).',
        value: (current: { fileCount: number }) => current.fileCount,
      },
    ];
    for (const gauge of gauges) {
      new Gauge({
        name: gauge.name,
        help: gauge.help,
        labelNames: ['element_id'],
        registers: [metrics.registry],
        async collect() {
          const current = await usage();
          if (current) {
            this.set(labels, gauge.value(current));
          } else {
            this.reset();
          }
        },
      });
    }
  }
}
