import { Module } from '@nestjs/common';
import { ElementFileSystemModule } from '../storage-backend/element-file-system.module';
import { CacheElementUsage } from './cache-element-usage';
import { FileCacheMaintenanceService } from './file-cache-maintenance.service';
import { FileCacheRepository } from './file-cache.repository';
import { StorageUsageMetrics } from './storage-usage.metrics';

/** The element's database cache of its attr.json files. */
@Module({
  imports: [ElementFileSystemModule],
  providers: [FileCacheRepository, FileCacheMaintenanceService, CacheElementUsage, StorageUsageMetrics],
  exports: [FileCacheRepository, FileCacheMaintenanceService, CacheElementUsage],
})
export class FileCacheModule {}
