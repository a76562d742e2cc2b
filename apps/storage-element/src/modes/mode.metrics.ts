import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import {
  STORAGE_ELEMENT_MODES,
  type StorageElementMode,
  type StorageElementModeChangeSource,
} from '@artstore/contracts';
import { APP_CONFIG, MetricsService } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';

/** `storage_element_mode` (1 for the current mode, 0 for the others) and the count of changes. */
@Injectable()
export class ModeMetrics {
  private readonly elementId: string;
  private readonly mode: Gauge<'element_id' | 'mode'>;
  private readonly changes: Counter<'element_id' | 'from' | 'to' | 'source'>;

  constructor(@Inject(APP_CONFIG) config: StorageElementConfig, metrics: MetricsService) {
    this.elementId = config.SE_ID;
    this.mode = new Gauge({
      name: 'storage_element_mode',
      help: 'The storage element mode: 1 for the current mode, 0 for the others.',
      labelNames: ['element_id', 'mode'],
      registers: [metrics.registry],
    });
    this.changes = new Counter({
      name: 'storage_element_mode_changes_total',
      help: 'Mode changes since the process started, by source (config at start, api).',
      labelNames: ['element_id', 'from', 'to', 'source'],
      registers: [metrics.registry],
    });
  }

  recordCurrentMode(current: StorageElementMode): void {
    for (const mode of STORAGE_ELEMENT_MODES) {
      this.mode.set({ element_id: this.elementId, mode }, mode === current ? 1 : 0);
    }
  }

  recordChange(
    from: StorageElementMode | null,
    to: StorageElementMode,
    source: StorageElementModeChangeSource,
  ): void {
    this.changes.inc({ element_id: this.elementId, from: from ?? 'none', to, source });
    this.recordCurrentMode(to);
  }
}
