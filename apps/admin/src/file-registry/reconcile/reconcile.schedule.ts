import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  APP_CONFIG,
  APP_LOGGER,
  startPeriodicJob,
  type AppLogger,
  type PeriodicJob,
} from '@artstore/platform';
import { SYSTEM_ACTOR } from '../../audit/audit-actions';
import type { AdminConfig } from '../../config/admin.config';
import { ElementRegistrations } from '../../storage-elements/element-registrations';
import { FileReconciler } from './file-reconciler';

/**
 * When reconcile runs by itself: for an element the moment it first registers (it may bring files), and
 * every `FILE_RECONCILE_INTERVAL_MS` as a BullMQ job with one runner across admins — the backstop that
 * converges whatever a crash left.
 */
@Injectable()
export class ReconcileSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private job: PeriodicJob | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AdminConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly reconciler: FileReconciler,
    private readonly registrations: ElementRegistrations,
  ) {}

  onApplicationBootstrap(): void {
    this.registrations.onFirstRegistration((element) => {
      // Fire and forget: the element's registration must not wait for, or fail with, its reconcile.
      this.reconciler.reconcile({ elementId: element.id, actor: SYSTEM_ACTOR }).catch((error: unknown) => {
        this.logger.warn({ err: error, element_id: element.id }, 'reconcile of a new element failed');
      });
    });
    if (this.config.FILE_RECONCILE_INTERVAL_MS > 0) {
      this.job = startPeriodicJob({
        name: 'file-registry-reconcile',
        everyMs: this.config.FILE_RECONCILE_INTERVAL_MS,
        redisUrl: this.config.REDIS_URL,
        keyPrefix: this.config.REDIS_KEY_PREFIX,
        logger: this.logger,
        run: () => this.reconciler.reconcile({ actor: SYSTEM_ACTOR }),
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job?.close();
  }
}
