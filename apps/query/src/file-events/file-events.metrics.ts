import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { FILE_EVENT_TYPES } from '@artstore/contracts';
import { MetricsService } from '@artstore/platform';
import type { GroupProgress } from './file-events-stream.adapter';

/** Whether an event changed the index, was a duplicate or older (`ignored`), or is not an event (`invalid`). */
export type ApplyResult = 'applied' | 'ignored' | 'invalid';

/** `query_file_events_total{type, result}`, `query_file_events_consumer_lag`, `query_file_events_pending`. */
@Injectable()
export class FileEventsMetrics {
  private readonly events: Counter<'type' | 'result'>;
  private readonly lag: Gauge;
  private readonly pending: Gauge;

  constructor(metrics: MetricsService) {
    this.events = new Counter({
      name: 'query_file_events_total',
      help: 'File events taken from the stream, by type and result (applied, ignored, invalid).',
      labelNames: ['type', 'result'],
      registers: [metrics.registry],
    });
    for (const type of FILE_EVENT_TYPES) {
      for (const result of ['applied', 'ignored'] as const) {
        this.events.inc({ type, result }, 0);
      }
    }
    this.lag = new Gauge({
      name: 'query_file_events_consumer_lag',
      help: 'Entries of artstore:file-events not yet delivered to the query consumer group.',
      registers: [metrics.registry],
    });
    this.pending = new Gauge({
      name: 'query_file_events_pending',
      help: 'Entries delivered to the query consumer group but not yet acknowledged.',
      registers: [metrics.registry],
    });
  }

  count(type: string, result: ApplyResult): void {
    this.events.inc({ type: result === 'invalid' ? 'unknown' : type, result });
  }

  recordProgress(progress: GroupProgress): void {
    if (progress.lag !== null) {
      this.lag.set(progress.lag);
    }
    this.pending.set(progress.pending);
  }
}
