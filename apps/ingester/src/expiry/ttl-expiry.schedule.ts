import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  APP_CONFIG,
  APP_LOGGER,
  startPeriodicJob,
  type AppLogger,
  type PeriodicJob,
} from '@artstore/platform';
import type { IngesterConfig } from '../config/ingester.config';
import { TtlExpiryService } from './ttl-expiry.service';

/** Runs the TTL expiry every `TTL_EXPIRY_INTERVAL_MS` through BullMQ: one run at a time across ingesters. */
@Injectable()
export class TtlExpirySchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private job: PeriodicJob | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: IngesterConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly expiry: TtlExpiryService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.TTL_EXPIRY_INTERVAL_MS === 0) {
      return;
    }
    this.job = startPeriodicJob({
      name: 'ttl-expiry',
      everyMs: this.config.TTL_EXPIRY_INTERVAL_MS,
      redisUrl: this.config.REDIS_URL,
      keyPrefix: this.config.REDIS_KEY_PREFIX,
      logger: this.logger,
      run: () => this.expiry.expireDue(),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job?.close();
  }
}
