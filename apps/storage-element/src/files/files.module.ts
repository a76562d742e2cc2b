import { Module } from '@nestjs/common';
import { FileCacheModule } from '../file-cache/file-cache.module';
import { IntegrityModule } from '../integrity/integrity.module';
import { ModesModule } from '../modes/modes.module';
import { StorageBackendModule } from '../storage-backend/storage-backend.module';
import { DigestWorkerPool } from './digest-worker-pool';
import { FileChangePublisher } from './file-change-publisher';
import { FileOperationsMetrics } from './file-operations.metrics';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';

/** `/api/v1/files`: store, download, attributes, delete, listing. */
@Module({
  imports: [StorageBackendModule, FileCacheModule, IntegrityModule, ModesModule],
  controllers: [FilesController],
  providers: [FilesService, FileChangePublisher, FileOperationsMetrics, DigestWorkerPool],
  exports: [FilesService],
})
export class FilesModule {}
