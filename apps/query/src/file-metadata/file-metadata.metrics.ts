import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@artstore/platform';

export type CacheLevel = 'lru' | 'redis';

/** `query_metadata_cache_requests_total{level, result}`: hits and misses of each cache level. */
@Injectable()
export class FileMetadataMetrics {
  private readonly requests: Counter<'level' | 'result'>;

  constructor(metrics: MetricsService) {
    this.requests = new Counter({
      name: 'query_metadata_cache_requests_total',
      help: 'Metadata lookups by cache level (lru, redis) and result (hit, miss, error).',
      labelNames: ['level', 'result'],
      registers: [metrics.registry],
    });
    for (const level of ['lru', 'redis'] as const) {
      for (const result of ['hit', 'miss', 'error'] as const) {
        this.requests.inc({ level, result }, 0);
      }
    }
  }

  count(level: CacheLevel, result: 'hit' | 'miss' | 'error'): void {
    this.requests.inc({ level, result });
  }
}
