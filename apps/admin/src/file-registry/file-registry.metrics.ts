import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { FILE_EVENT_TYPES, type FileEventType } from '@artstore/contracts';
import { MetricsService } from '@artstore/platform';
import { FileEventOutboxRepository } from './file-event-outbox.repository';

/** `file_registry_events_published_total{type}` and `file_registry_outbox_pending` (read at scrape time). */
@Injectable()
export class FileRegistryMetrics {
  private readonly published: Counter<'type'>;

  constructor(metrics: MetricsService, outbox: FileEventOutboxRepository) {
    this.published = new Counter({
      name: 'file_registry_events_published_total',
      help: 'File events the outbox relay appended to the artstore:file-events stream, by type.',
      labelNames: ['type'],
      registers: [metrics.registry],
    });
    for (const type of FILE_EVENT_TYPES) {
      this.published.inc({ type }, 0);
    }
    new Gauge({
      name: 'file_registry_outbox_pending',
      help: 'File events committed in the registry but not yet on the stream (grows while Redis is down).',
      registers: [metrics.registry],
      async collect() {
        try {
          this.set(await outbox.countPending());
        } catch {
          this.reset();
        }
      },
    });
  }

  countPublished(type: FileEventType): void {
    this.published.inc({ type });
  }
}
