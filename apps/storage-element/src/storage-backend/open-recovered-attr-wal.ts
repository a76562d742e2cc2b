import { AttrWal, type FileSystem } from '@artstore/attr-wal';
import type { AppLogger } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import type { ElementIdentity } from '../element-identity/element-identity';
import type { FileCacheMaintenanceService } from '../file-cache/file-cache-maintenance.service';
import type { FileCacheRepository } from '../file-cache/file-cache.repository';
import { failpointFromEnvironment } from './failpoint-from-environment';
import type { WriteProtocolMetrics } from './write-protocol.metrics';

export interface RecoveryDependencies {
  config: StorageElementConfig;
  identity: ElementIdentity;
  fileSystem: FileSystem;
  metrics: WriteProtocolMetrics;
  cache: FileCacheRepository;
  maintenance: FileCacheMaintenanceService;
  logger: AppLogger;
}

/** After a rollback the cache row of the file may be stale (the crash skipped its compensation). */
async function resyncCacheRows(wal: AttrWal, cache: FileCacheRepository, fileIds: readonly string[]) {
  for (const fileId of new Set(fileIds)) {
    const attributes = await wal.readAttributes(fileId);
    await (attributes ? cache.replace(attributes) : cache.remove(fileId));
  }
}

/**
 * Opens the WAL and runs recovery before the app listens (SPEC §4 startup): unfinished transactions
 * rolled back, their cache rows re-read from disk, and an empty cache (a new or wiped database)
 * rebuilt from the attr.json files.
 */
export async function openRecoveredAttrWal(dependencies: RecoveryDependencies): Promise<AttrWal> {
  const { config, identity, fileSystem, metrics, cache, maintenance, logger } = dependencies;
  const wal = await AttrWal.open({
    dataDir: identity.dataDirectory,
    storageElementId: identity.elementId,
    fileSystem,
    failpoint: failpointFromEnvironment(),
    onWalSync: metrics.observeWalSync,
  });
  const report = await wal.recover();
  metrics.recordRecovery(report);
  await resyncCacheRows(wal, cache, report.rolledBackFileIds);
  const { rolledBackFileIds: _ids, ...counts } = report;
  logger.info({ element_id: config.SE_ID, ...counts }, 'write-ahead log recovered');
  if ((await cache.usage()).fileCount === 0) {
    const rebuilt = await maintenance.rebuildCacheFromFiles();
    if (rebuilt.files > 0) {
      logger.warn({ element_id: config.SE_ID, ...rebuilt }, 'empty file cache rebuilt from attr.json files');
    }
  }
  return wal;
}
