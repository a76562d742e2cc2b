import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@artstore/platform';

/** Result label of `ingest_tus_uploads_total`. */
export type TusUploadResult = 'created' | 'stored' | 'rejected' | 'failed' | 'terminated' | 'expired';

/** `ingest_tus_uploads_total{result}`: resumable uploads by what became of them. */
@Injectable()
export class TusUploadMetrics {
  private readonly uploads: Counter<'result'>;

  constructor(metrics: MetricsService) {
    this.uploads = new Counter({
      name: 'ingest_tus_uploads_total',
      help:
        'Resumable (tus) uploads by result: created, stored, rejected (4xx), failed (5xx, may be ' +
        'retried), terminated by the client, expired staging removed.',
      labelNames: ['result'],
      registers: [metrics.registry],
    });
  }

  record(result: TusUploadResult, count = 1): void {
    this.uploads.inc({ result }, count);
  }
}
