import type { StorageElementsConfig } from '@artstore/contracts';
import { Counter, Gauge, type Registry } from 'prom-client';

export type AppliedConfigSource = 'redis' | 'disk' | 'static';

/** The subscriber's Prometheus metrics, registered on the service's registry. */
export class ServiceDiscoveryMetrics {
  private readonly version: Gauge;
  private readonly updates: Counter<'source'>;

  constructor(registry: Registry, ageSeconds: () => number | undefined) {
    // Age is computed at scrape time: it grows between updates, which is what an alert needs to see.
    // NaN (not 0, which would read as fresh) while no configuration is loaded.
    new Gauge({
      name: 'service_discovery_config_age_seconds',
      help: 'Seconds since the storage-element configuration in use was published (NaN without one).',
      registers: [registry],
      collect() {
        this.set(ageSeconds() ?? Number.NaN);
      },
    });
    this.version = new Gauge({
      name: 'service_discovery_config_version',
      help: 'Version of the storage-element configuration in use (0 for the static list, NaN without one).',
      registers: [registry],
    });
    this.version.set(Number.NaN);
    this.updates = new Counter({
      name: 'service_discovery_config_updates_total',
      help: 'Storage-element configurations applied, by where they came from.',
      labelNames: ['source'] as const,
      registers: [registry],
    });
  }

  recordApplied(config: StorageElementsConfig, source: AppliedConfigSource): void {
    this.version.set(config.version);
    this.updates.inc({ source });
  }
}
