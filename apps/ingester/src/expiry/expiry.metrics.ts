import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@artstore/platform';

/**
 * expired (removed from element and registry); pending (element done, registry still converging);
 * refused (the element's mode keeps it); failed (an element or the registry was unavailable).
 */
export type ExpiryResult = 'expired' | 'pending' | 'refused' | 'failed';

/** `files_expired_total{result}`. */
@Injectable()
export class ExpiryMetrics {
  private readonly expired: Counter<'result'>;

  constructor(metrics: MetricsService) {
    this.expired = new Counter({
      name: 'files_expired_total',
      help: 'Temporary files past ttl_expires_at handled by the TTL expiry, by result.',
      labelNames: ['result'],
      registers: [metrics.registry],
    });
  }

  record(result: ExpiryResult): void {
    this.expired.inc({ result });
  }
}
