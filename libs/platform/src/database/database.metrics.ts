import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';

interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Exposes the pg pool's connection counts, read at scrape time. */
@Injectable()
export class DatabaseMetrics {
  constructor(dataSource: DataSource, metrics: MetricsService) {
    const pool = () => (dataSource.driver as unknown as { master?: PoolCounts }).master;
    new Gauge({
      name: 'database_connections_active',
      help: 'PostgreSQL connections checked out of the pool.',
      registers: [metrics.registry],
      collect() {
        const counts = pool();
        this.set(counts ? counts.totalCount - counts.idleCount : 0);
      },
    });
    new Gauge({
      name: 'database_connections_waiting',
      help: 'Queries waiting for a free PostgreSQL connection.',
      registers: [metrics.registry],
      collect() {
        this.set(pool()?.waitingCount ?? 0);
      },
    });
  }
}
