import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { APP_CONFIG, MetricsService } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { CorruptedFilesRepository } from './corrupted-files.repository';

/** Scrub runs, what they read, and the files known to be corrupted. */
@Injectable()
export class IntegrityMetrics {
  private readonly elementId: string;
  private readonly runs: Counter<'element_id' | 'trigger'>;
  private readonly checked: Counter<'element_id' | 'unit'>;
  private readonly found: Counter<'element_id'>;

  constructor(
    @Inject(APP_CONFIG) config: StorageElementConfig,
    metrics: MetricsService,
    corruptedFiles: CorruptedFilesRepository,
  ) {
    this.elementId = config.SE_ID;
    const labels = { element_id: config.SE_ID };
    const registers = [metrics.registry];
    new Gauge({
      name: 'storage_element_corrupted_files',
      help: 'Files whose bytes do not match their attr.json sha256 (not served until repaired).',
      labelNames: ['element_id'],
      registers,
      async collect() {
        try {
          this.set(labels, await corruptedFiles.count());
        } catch {
          // The database being down fails readiness; the scrape itself must still succeed.
          this.reset();
        }
      },
    });
    this.runs = new Counter({
      name: 'storage_element_scrub_runs_total',
      help: 'Completed scrubs, by trigger (api, schedule).',
      labelNames: ['element_id', 'trigger'],
      registers,
    });
    this.checked = new Counter({
      name: 'storage_element_scrub_checked_total',
      help: 'Files and bytes re-hashed by scrubs.',
      labelNames: ['element_id', 'unit'],
      registers,
    });
    this.found = new Counter({
      name: 'storage_element_scrub_corruptions_total',
      help: 'Corrupted files found by scrubs (a file found again by a later scrub counts again).',
      labelNames: ['element_id'],
      registers,
    });
  }

  recordScrub(trigger: 'api' | 'schedule', files: number, bytes: number, corrupted: number): void {
    const labels = { element_id: this.elementId };
    this.runs.inc({ ...labels, trigger });
    this.checked.inc({ ...labels, unit: 'files' }, files);
    this.checked.inc({ ...labels, unit: 'bytes' }, bytes);
    this.found.inc(labels, corrupted);
  }
}
