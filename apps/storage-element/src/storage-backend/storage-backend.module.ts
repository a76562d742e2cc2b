import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AttrWal, S3FileSystem, type FileSystem } from '@artstore/attr-wal';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { ElementIdentity } from '../element-identity/element-identity';
import { ElementIdentityModule } from '../element-identity/element-identity.module';
import { FileCacheMaintenanceService } from '../file-cache/file-cache-maintenance.service';
import { FileCacheModule } from '../file-cache/file-cache.module';
import { FileCacheRepository } from '../file-cache/file-cache.repository';
import { ELEMENT_FILE_SYSTEM } from './element-file-system';
import { ElementFileSystemModule } from './element-file-system.module';
import { openRecoveredAttrWal } from './open-recovered-attr-wal';
import { WriteProtocolMetrics } from './write-protocol.metrics';

/** The element's files and their write protocol, recovered before the app accepts requests. */
@Module({
  imports: [ElementIdentityModule, ElementFileSystemModule, FileCacheModule],
  providers: [
    WriteProtocolMetrics,
    {
      provide: AttrWal,
      inject: [
        APP_CONFIG,
        ElementIdentity,
        ELEMENT_FILE_SYSTEM,
        WriteProtocolMetrics,
        FileCacheRepository,
        FileCacheMaintenanceService,
        APP_LOGGER,
      ],
      useFactory: (
        config: StorageElementConfig,
        identity: ElementIdentity,
        fileSystem: FileSystem,
        metrics: WriteProtocolMetrics,
        cache: FileCacheRepository,
        maintenance: FileCacheMaintenanceService,
        logger: AppLogger,
      ) => openRecoveredAttrWal({ config, identity, fileSystem, metrics, cache, maintenance, logger }),
    },
  ],
  exports: [AttrWal, ElementFileSystemModule],
})
export class StorageBackendModule implements OnApplicationShutdown {
  constructor(
    private readonly wal: AttrWal,
    @Inject(ELEMENT_FILE_SYSTEM) private readonly fileSystem: FileSystem,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.wal.close();
    // The S3 backend holds HTTP connections; the local one has nothing to release.
    if (this.fileSystem instanceof S3FileSystem) {
      await this.fileSystem.close();
    }
  }
}
