import { Inject, Injectable } from '@nestjs/common';
import type { FileSystem } from '@artstore/attr-wal';
import { APP_CONFIG } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { ELEMENT_FILE_SYSTEM } from '../storage-backend/element-file-system';
import { consistencyReport, type ConsistencyReport } from './consistency-report';
import { FileCacheRepository } from './file-cache.repository';
import { rebuildCacheFromFiles, type RebuildReport } from './rebuild-cache-from-files';

/** Rebuilds the cache from the element's attr.json files and reports drift (SPEC §4 maintenance). */
@Injectable()
export class FileCacheMaintenanceService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: StorageElementConfig,
    @Inject(ELEMENT_FILE_SYSTEM) private readonly fileSystem: FileSystem,
    private readonly repository: FileCacheRepository,
  ) {}

  rebuildCacheFromFiles(): Promise<RebuildReport> {
    return rebuildCacheFromFiles(this.fileSystem, this.config.SE_DATA_DIR, this.repository);
  }

  consistencyReport(): Promise<ConsistencyReport> {
    return consistencyReport(this.fileSystem, this.config.SE_DATA_DIR, this.repository);
  }
}
