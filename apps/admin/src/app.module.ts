import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, type AppLogger } from '@artstore/platform';
import type { AdminConfig } from './config/admin.config';
import { adminMigrations } from './migrations';

@Module({})
export class AdminModule {
  static register(config: AdminConfig, logger: AppLogger): DynamicModule {
    return {
      module: AdminModule,
      imports: [
        PlatformModule.forRoot({
          serviceName: 'admin',
          config,
          logger,
          database: { migrations: adminMigrations, entities: [] },
        }),
      ],
    };
  }
}
