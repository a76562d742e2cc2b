import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  STORAGE_ELEMENTS_CONFIG_CHANNEL,
  STORAGE_ELEMENTS_CONFIG_KEY,
  type StorageElementsConfig,
} from '@artstore/contracts';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import { StorageElementsConfigPublisher } from '@artstore/service-discovery';
import type { AdminConfig } from '../config/admin.config';
import { StorageElementsRepository } from './storage-elements.repository';

/**
 * Publishes the registry as the versioned configuration (SPEC §5) to Redis. Calls that arrive while a
 * publication runs share the next one, which reads the registry after they asked.
 */
@Injectable()
export class ElementsConfigPublication implements OnApplicationShutdown {
  private readonly publisher: StorageElementsConfigPublisher;
  private running: Promise<StorageElementsConfig> | undefined;
  private queued: Promise<StorageElementsConfig> | undefined;

  constructor(
    private readonly elements: StorageElementsRepository,
    @Inject(APP_CONFIG) config: AdminConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    // The prefix (empty in production) keeps test runs that share one Redis apart.
    this.publisher = new StorageElementsConfigPublisher({
      redisUrl: config.REDIS_URL,
      key: `${config.REDIS_KEY_PREFIX}${STORAGE_ELEMENTS_CONFIG_KEY}`,
      channel: `${config.REDIS_KEY_PREFIX}${STORAGE_ELEMENTS_CONFIG_CHANNEL}`,
      connectionName: 'artstore-admin:elements-config',
      logger,
    });
  }

  /** Publishes the current registry; rejects when Redis did not take it. */
  publish(): Promise<StorageElementsConfig> {
    if (!this.running) {
      return this.start();
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  /** Publishes without failing the caller: a missed publication is repeated by the next poll. */
  async publishQuietly(): Promise<void> {
    try {
      await this.publish();
    } catch (error) {
      this.logger.warn({ err: error }, 'storage elements configuration not published; the next poll retries');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }

  private start(): Promise<StorageElementsConfig> {
    const run = (async () => {
      const entries = await this.elements.list();
      return this.publisher.publish(
        entries.map(({ record }) => ({
          id: record.id,
          url: record.url,
          mode: record.mode,
          priority: record.priority,
          capacity_bytes: record.capacity_bytes,
          used_bytes: record.used_bytes,
          free_bytes: record.free_bytes,
          status: record.status,
        })),
      );
    })();
    this.running = run;
    const clear = () => {
      if (this.running === run) {
        this.running = undefined;
      }
    };
    run.then(clear, clear);
    return run;
  }
}
