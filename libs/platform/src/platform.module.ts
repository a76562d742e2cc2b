import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { ServiceName } from '@artstore/contracts';
import type { PlatformEnv } from './config/platform-env.schema';
import { DatabaseModule, type DatabaseOptions } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ReadinessChecks } from './health/readiness-checks';
import { ShutdownState } from './health/shutdown-state';
import type { AppLogger } from './logging/create-logger';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { RedisModule } from './redis/redis.module';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const APP_LOGGER = Symbol('APP_LOGGER');

export interface PlatformModuleOptions {
  serviceName: ServiceName;
  config: PlatformEnv;
  logger: AppLogger;
  database: Omit<DatabaseOptions, 'serviceName'>;
  /** Storage elements add their data directory to readiness. */
  dataDirectory?: string;
}

/**
 * Everything a service gets from the platform, the same in all four: config and logger as providers,
 * metrics, PostgreSQL through TypeORM with migrations, Redis, health.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: PlatformModule,
      imports: [
        DatabaseModule.forRoot(config, { ...options.database, serviceName: options.serviceName }),
        RedisModule.forRoot(config, options.logger),
        HealthModule.forRoot({
          timeoutMs: config.HEALTH_CHECK_TIMEOUT_MS,
          ...(options.dataDirectory ? { dataDirectory: options.dataDirectory } : {}),
        }),
      ],
      controllers: [MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_LOGGER, useValue: options.logger },
        MetricsService,
        ShutdownState,
        ReadinessChecks,
      ],
      exports: [APP_CONFIG, APP_LOGGER, MetricsService, ShutdownState, ReadinessChecks, RedisModule],
    };
  }
}
