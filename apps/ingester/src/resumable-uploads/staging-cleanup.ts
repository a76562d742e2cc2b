import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { readdir } from 'node:fs/promises';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import type { IngesterConfig } from '../config/ingester.config';
import { DurableFileStore } from './durable-file.store';
import { ResumableUploadRepository } from './resumable-upload.repository';
import { StagedUploadFinisher } from './staged-upload-finisher';
import { TusUploadMetrics } from './tus-upload.metrics';

const INFO_SUFFIX = '.json';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Removes staging nobody needs: uploads past TUS_EXPIRATION_MS that were not stored, and the
 * leftovers of stored ones. Staging is per instance, so a local timer is enough; an upload whose
 * saga is still working is left alone whatever its age.
 */
@Injectable()
export class StagingCleanup implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly store: DurableFileStore,
    private readonly uploads: ResumableUploadRepository,
    private readonly finisher: StagedUploadFinisher,
    private readonly metrics: TusUploadMetrics,
    @Inject(APP_CONFIG) private readonly config: IngesterConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.removeUnneededStaging().catch((error: unknown) =>
        this.logger.error({ err: error }, 'resumable upload staging cleanup failed'),
      );
    }, this.config.TUS_CLEANUP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; resolves with how many uploads' staging was removed. */
  removeUnneededStaging(): Promise<number> {
    this.running ??= this.sweep().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweep(): Promise<number> {
    const names = await readdir(this.store.directory);
    const ids = names
      .filter((name) => name.endsWith(INFO_SUFFIX))
      .map((name) => name.slice(0, -INFO_SUFFIX.length));
    let removed = 0;
    for (const id of ids) {
      if (UUID.test(id) && !this.finisher.isFinishing(id) && (await this.removeIfUnneeded(id))) {
        removed += 1;
      }
    }
    return removed;
  }

  private async removeIfUnneeded(id: string): Promise<boolean> {
    const record = await this.uploads.find(id);
    if (record?.progress === 'storing') {
      return false;
    }
    if (record?.progress !== 'stored') {
      const info = await this.store.configstore.get(id);
      const created = info?.creation_date ? Date.parse(info.creation_date) : 0;
      if (Date.now() - created < this.config.TUS_EXPIRATION_MS) {
        return false;
      }
      this.metrics.record('expired');
    }
    await this.store.remove(id).catch(() => undefined);
    await this.uploads.forgetUnstored(id);
    return true;
  }
}
