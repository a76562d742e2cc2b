import { Module } from '@nestjs/common';
import { FileCacheModule } from '../file-cache/file-cache.module';
import { StorageBackendModule } from '../storage-backend/storage-backend.module';
import { CorruptedFilesRepository } from './corrupted-files.repository';
import { IntegrityMetrics } from './integrity.metrics';
import { ScrubSchedule } from './scrub-schedule';
import { ScrubService } from './scrub.service';

/** Files that failed their integrity checks, and the scrub that finds them (on request and on a schedule). */
@Module({
  imports: [StorageBackendModule, FileCacheModule],
  providers: [CorruptedFilesRepository, IntegrityMetrics, ScrubService, ScrubSchedule],
  exports: [CorruptedFilesRepository, ScrubService],
})
export class IntegrityModule {}
