import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, authOptionsFromEnv } from '@artstore/auth';
import { PlatformModule, type AppLogger } from '@artstore/platform';
import type { QueryConfig } from './config/query.config';
import { queryMigrations } from './migrations';

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
      ],
    };
  }
}
