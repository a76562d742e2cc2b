import { Module } from '@nestjs/common';
import { CacheElementUsage } from './cache-element-usage';
import { FileCacheMaintenanceService } from './file-cache-maintenance.service';
import { FileCacheRepository } from './file-cache.repository';

/** The element's database cache of its attr.json files. */
@Module({
  providers: [FileCacheRepository, FileCacheMaintenanceService, CacheElementUsage],
  exports: [FileCacheRepository, FileCacheMaintenanceService, CacheElementUsage],
})
export class FileCacheModule {}
