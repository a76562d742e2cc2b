import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  APP_CONFIG,
  APP_LOGGER,
  startPeriodicJob,
  type AppLogger,
  type PeriodicJob,
} from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { ScrubService } from './scrub.service';

/** Runs the scrub every `SE_SCRUB_INTERVAL_MS` through BullMQ (0: only on request). */
@Injectable()
export class ScrubSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private job: PeriodicJob | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: StorageElementConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly scrub: ScrubService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.SE_SCRUB_INTERVAL_MS === 0) {
      return;
    }
    this.job = startPeriodicJob({
      name: `scrub-${this.config.SE_ID}`,
      everyMs: this.config.SE_SCRUB_INTERVAL_MS,
      redisUrl: this.config.REDIS_URL,
      keyPrefix: this.config.REDIS_KEY_PREFIX,
      logger: this.logger,
      run: () => this.scrub.scrub('schedule'),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job?.close();
  }
}
