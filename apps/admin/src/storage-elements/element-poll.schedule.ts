import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  APP_CONFIG,
  APP_LOGGER,
  startPeriodicJob,
  type AppLogger,
  type PeriodicJob,
} from '@artstore/platform';
import type { AdminConfig } from '../config/admin.config';
import { ElementPoller } from './element-poller';

/** Polls every element each `ELEMENT_POLL_INTERVAL_MS` through BullMQ: one round at a time across all admins. */
@Injectable()
export class ElementPollSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private job: PeriodicJob | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AdminConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly poller: ElementPoller,
  ) {}

  onApplicationBootstrap(): void {
    this.job = startPeriodicJob({
      name: 'storage-element-poll',
      everyMs: this.config.ELEMENT_POLL_INTERVAL_MS,
      redisUrl: this.config.REDIS_URL,
      keyPrefix: this.config.REDIS_KEY_PREFIX,
      logger: this.logger,
      run: () => this.poller.pollAll(),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job?.close();
  }
}
