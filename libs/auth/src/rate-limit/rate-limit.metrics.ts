import { Counter, type Registry } from 'prom-client';
import type { MetricsService } from '@artstore/platform';

export type RateLimiterName = 'client' | 'token_endpoint';

export interface RateLimitCounters {
  rejections: Counter<'limiter'>;
  errors: Counter<'limiter'>;
}

/** The rate-limit counters on the service's registry, created by whichever limiter comes first. */
export function rateLimitCounters(metrics: MetricsService): RateLimitCounters {
  return {
    rejections: counterOn(
      metrics.registry,
      'rate_limit_rejections_total',
      'Requests refused with 429, by limiter.',
    ),
    errors: counterOn(
      metrics.registry,
      'rate_limit_errors_total',
      'Rate-limit decisions that failed or timed out (the request was served unlimited), by limiter.',
    ),
  };
}

// Both limiters share one registry, and prom-client refuses a second metric with the same name.
function counterOn(registry: Registry, name: string, help: string): Counter<'limiter'> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) {
    return existing;
  }
  return new Counter({ name, help, labelNames: ['limiter'] as const, registers: [registry] });
}
