import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { consistencyReport, type ConsistencyReport } from './consistency-report';
import { FileCacheRepository } from './file-cache.repository';
import { rebuildCacheFromFiles, type RebuildReport } from './rebuild-cache-from-files';

/** Rebuilds the cache from the element's attr.json files and reports drift (SPEC §4 maintenance). */
@Injectable()
export class FileCacheMaintenanceService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: StorageElementConfig,
    private readonly repository: FileCacheRepository,
  ) {}

  rebuildCacheFromFiles(): Promise<RebuildReport> {
    return rebuildCacheFromFiles(this.config.SE_DATA_DIR, this.repository);
  }

  consistencyReport(): Promise<ConsistencyReport> {
    return consistencyReport(this.config.SE_DATA_DIR, this.repository);
  }
}
