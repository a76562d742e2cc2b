import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, authOptionsFromEnv } from '@artstore/auth';
import { PlatformModule, type AppLogger } from '@artstore/platform';
import { StorageElementsDiscoveryModule } from '@artstore/service-discovery';
import type { QueryConfig } from './config/query.config';
import { FileEventsModule } from './file-events/file-events.module';
import { FileMetadataModule } from './file-metadata/file-metadata.module';
import { queryMigrations } from './migrations';
import { SearchModule } from './search/search.module';

@Module({})
export class QueryModule {
  static register(config: QueryConfig, logger: AppLogger): DynamicModule {
    return {
      module: QueryModule,
      imports: [
        PlatformModule.forRoot({
          serviceName: 'query',
          config,
          logger,
          database: { migrations: queryMigrations, entities: [] },
        }),
        AuthModule.forRoot(authOptionsFromEnv('query', config)),
        StorageElementsDiscoveryModule.forRoot({
          redisUrl: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          stateDir: config.DISCOVERY_STATE_DIR,
          staticElements: config.ARTSTORE_STORAGE_ELEMENTS,
          refreshIntervalMs: config.DISCOVERY_REFRESH_INTERVAL_MS,
        }),
        FileEventsModule,
        FileMetadataModule,
        SearchModule,
      ],
    };
  }
}
