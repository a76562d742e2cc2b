import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@artstore/platform';

export type FileChangeOperation = 'finalize' | 'update' | 'delete';

/** completed; accepted (still converging after the wait); rejected (4xx); failed (5xx). */
export type FileChangeResult = 'completed' | 'accepted' | 'rejected' | 'failed';

/** `file_changes_total{operation,result}`; saga outcomes and step timings come from libs/saga. */
@Injectable()
export class FileChangeMetrics {
  private readonly changes: Counter<'operation' | 'result'>;

  constructor(metrics: MetricsService) {
    this.changes = new Counter({
      name: 'file_changes_total',
      help: 'Finalize, attribute-update and delete requests answered, by result.',
      labelNames: ['operation', 'result'],
      registers: [metrics.registry],
    });
  }

  record(operation: FileChangeOperation, result: FileChangeResult): void {
    this.changes.inc({ operation, result });
  }
}
