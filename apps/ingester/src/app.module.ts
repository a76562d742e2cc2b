import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, authOptionsFromEnv } from '@artstore/auth';
import { PlatformModule, type AppLogger } from '@artstore/platform';
import type { IngesterConfig } from './config/ingester.config';
import { ingesterMigrations } from './migrations';

@Module({})
export class IngesterModule {
  static register(config: IngesterConfig, logger: AppLogger): DynamicModule {
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
      ],
    };
  }
}
