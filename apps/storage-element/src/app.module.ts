import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, authOptionsFromEnv } from '@artstore/auth';
import { PlatformModule, type AppLogger } from '@artstore/platform';
import { AdminRegistrationModule } from './admin-registration/admin-registration.module';
import type { StorageElementConfig } from './config/storage-element.config';
import { DataDirectoryModule } from './data-directory/data-directory.module';
import { FileCacheModule } from './file-cache/file-cache.module';
import { FilesModule } from './files/files.module';
import { InfoModule } from './info/info.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { storageElementMigrations } from './migrations';
import { ModesModule } from './modes/modes.module';

@Module({})
export class StorageElementModule {
  static register(config: StorageElementConfig, logger: AppLogger): DynamicModule {
    return {
      module: StorageElementModule,
      imports: [
        PlatformModule.forRoot({
          serviceName: 'storage-element',
          config,
          logger,
          database: { migrations: storageElementMigrations, entities: [] },
          dataDirectory: config.SE_DATA_DIR,
        }),
        AuthModule.forRoot(authOptionsFromEnv('storage', config)),
        DataDirectoryModule,
        FileCacheModule,
        ModesModule,
        FilesModule,
        MaintenanceModule,
        InfoModule,
        AdminRegistrationModule,
      ],
    };
  }
}
