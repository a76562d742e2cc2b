import { statfs } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { APP_CONFIG, MetricsService } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';

/** Capacity the element is configured for and room left on the volume under its data directory. */
@Injectable()
export class StorageSpaceMetrics {
  constructor(@Inject(APP_CONFIG) config: StorageElementConfig, metrics: MetricsService) {
    const labels = { element_id: config.SE_ID };
    new Gauge({
      name: 'storage_capacity_bytes',
      help: 'Capacity the storage element is configured to fill (SE_CAPACITY_BYTES).',
      labelNames: ['element_id'],
      registers: [metrics.registry],
    }).set(labels, config.SE_CAPACITY_BYTES);
    new Gauge({
      name: 'storage_volume_available_bytes',
      help: 'Bytes available to the element on the volume holding its data directory.',
      labelNames: ['element_id'],
      registers: [metrics.registry],
      async collect() {
        try {
          const stats = await statfs(config.SE_DATA_DIR);
          this.set(labels, stats.bavail * stats.bsize);
        } catch {
          // An unreadable directory fails readiness; the scrape itself must still succeed.
          this.reset();
        }
      },
    });
  }
}
