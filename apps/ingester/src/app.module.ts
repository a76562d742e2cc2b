import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, authOptionsFromEnv } from '@artstore/auth';
import { PlatformModule, type AppLogger } from '@artstore/platform';
import { StorageElementsDiscoveryModule } from '@artstore/service-discovery';
import type { IngesterConfig } from './config/ingester.config';
import { ExpiryModule } from './expiry/expiry.module';
import { FileChangesModule } from './file-changes/file-changes.module';
import { ingesterMigrations } from './migrations';
import { ResumableUploadsModule } from './resumable-uploads/resumable-uploads.module';
import { UploadsModule } from './uploads/uploads.module';

@Module({})
export class IngesterModule {
  static register(config: IngesterConfig, logger: AppLogger): DynamicModule {
    const discovery = StorageElementsDiscoveryModule.forRoot({
      redisUrl: config.REDIS_URL,
      keyPrefix: config.REDIS_KEY_PREFIX,
      stateDir: config.DISCOVERY_STATE_DIR,
      staticElements: config.ARTSTORE_STORAGE_ELEMENTS,
      refreshIntervalMs: config.DISCOVERY_REFRESH_INTERVAL_MS,
    });
    const uploads = UploadsModule.register(discovery);
    const fileChanges = FileChangesModule.register(uploads);
    return {
      module: IngesterModule,
      imports: [
        PlatformModule.forRoot({
          serviceName: 'ingester',
          config,
          logger,
          database: { migrations: ingesterMigrations, entities: [] },
        }),
        AuthModule.forRoot(authOptionsFromEnv('ingester', config)),
        discovery,
        uploads,
        ResumableUploadsModule.register(uploads),
        fileChanges,
        ExpiryModule.register(fileChanges),
      ],
    };
  }
}
