import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '@artstore/platform';

/** Result label of `ingest_uploads_total`. */
export type UploadResult = 'stored' | 'replayed' | 'rejected' | 'failed';

/** Phases of `ingest_phase_duration_seconds`: the saga's steps and the whole request. */
export type UploadPhase = 'parse' | 'reserve' | 'store' | 'register' | 'commit' | 'total';

/** `ingest_uploads_total{result}`, `ingest_bytes_total`, `ingest_phase_duration_seconds{phase}`. */
@Injectable()
export class UploadMetrics {
  private readonly uploads: Counter<'result'>;
  private readonly bytes: Counter;
  private readonly phases: Histogram<'phase'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.uploads = new Counter({
      name: 'ingest_uploads_total',
      help: 'Uploads answered, by result (stored, replayed by Idempotency-Key, rejected 4xx, failed 5xx).',
      labelNames: ['result'],
      registers,
    });
    this.bytes = new Counter({
      name: 'ingest_bytes_total',
      help: 'File bytes stored on elements through completed uploads.',
      registers,
    });
    this.phases = new Histogram({
      name: 'ingest_phase_duration_seconds',
      help: 'Duration of each upload phase (saga step) and of the whole upload.',
      labelNames: ['phase'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
      registers,
    });
  }

  recordUpload(result: UploadResult, bytes = 0): void {
    this.uploads.inc({ result });
    if (bytes > 0) {
      this.bytes.inc(bytes);
    }
  }

  /** Runs `work` and observes its duration under `phase`, whether it succeeds or not. */
  async timed<T>(phase: UploadPhase, work: () => Promise<T>): Promise<T> {
    const stop = this.phases.startTimer({ phase });
    try {
      return await work();
    } finally {
      stop();
    }
  }
}
