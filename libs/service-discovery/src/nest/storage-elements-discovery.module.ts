import {
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  STORAGE_ELEMENTS_CONFIG_CHANNEL,
  STORAGE_ELEMENTS_CONFIG_KEY,
  type StorageElementEndpoint,
} from '@artstore/contracts';
import { APP_LOGGER, MetricsService, ReadinessChecks, type AppLogger } from '@artstore/platform';
import { StorageElementsConfigSubscriber } from '../storage-elements-config.subscriber';

export interface StorageElementsDiscoveryOptions {
  redisUrl: string;
  /** The service's REDIS_KEY_PREFIX (empty in production): key and channel are SPEC's names behind it. */
  keyPrefix: string;
  stateDir: string;
  staticElements: readonly StorageElementEndpoint[];
  refreshIntervalMs: number;
}

const OPTIONS = Symbol('STORAGE_ELEMENTS_DISCOVERY_OPTIONS');

/** Starts the subscriber before the app listens, reports its source and age in readiness, stops it on shutdown. */
@Injectable()
class StorageElementsDiscoveryLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly subscriber: StorageElementsConfigSubscriber,
    private readonly readiness: ReadinessChecks,
  ) {}

  async onModuleInit(): Promise<void> {
    // Details only: without any configuration the service still serves what needs no element (search,
    // metadata) and answers the rest 503, so it stays in its load balancer.
    this.readiness.register('storage_elements', () => ({ ...this.subscriber.readiness().details }));
    await this.subscriber.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber.stop();
  }
}

/** Gives a service the storage-element configuration (SPEC §5) as `StorageElementsConfigSubscriber`. */
@Module({})
export class StorageElementsDiscoveryModule {
  static forRoot(options: StorageElementsDiscoveryOptions): DynamicModule {
    return {
      module: StorageElementsDiscoveryModule,
      providers: [
        { provide: OPTIONS, useValue: options },
        {
          provide: StorageElementsConfigSubscriber,
          inject: [OPTIONS, MetricsService, APP_LOGGER],
          useFactory: (
            resolved: StorageElementsDiscoveryOptions,
            metrics: MetricsService,
            logger: AppLogger,
          ) =>
            new StorageElementsConfigSubscriber({
              redisUrl: resolved.redisUrl,
              key: `${resolved.keyPrefix}${STORAGE_ELEMENTS_CONFIG_KEY}`,
              channel: `${resolved.keyPrefix}${STORAGE_ELEMENTS_CONFIG_CHANNEL}`,
              stateDir: resolved.stateDir,
              staticElements: resolved.staticElements,
              refreshIntervalMs: resolved.refreshIntervalMs,
              registry: metrics.registry,
              logger,
            }),
        },
        StorageElementsDiscoveryLifecycle,
      ],
      exports: [StorageElementsConfigSubscriber],
    };
  }
}
