import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { MetricsService } from '@artstore/platform';

/** `query_search_duration_seconds{sort_by}`: a page and its total, from request to answer. */
@Injectable()
export class SearchMetrics {
  private readonly duration: Histogram<'sort_by'>;

  constructor(metrics: MetricsService) {
    this.duration = new Histogram({
      name: 'query_search_duration_seconds',
      help: 'Time to answer a search (page and total), by sort field.',
      labelNames: ['sort_by'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [metrics.registry],
    });
  }

  startTimer(sortBy: string): () => void {
    const end = this.duration.startTimer({ sort_by: sortBy });
    return () => {
      end();
    };
  }
}
