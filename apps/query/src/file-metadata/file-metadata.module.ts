import { Module } from '@nestjs/common';
import { FileIndexModule } from '../file-index/file-index.module';
import { FileMetadataCache } from './file-metadata.cache';
import { FileMetadataController } from './file-metadata.controller';
import { FileMetadataMetrics } from './file-metadata.metrics';
import { MetadataCacheAdapter } from './metadata-cache.adapter';

/** `GET /api/v1/files/{id}` through an in-process LRU and Redis, refreshed by the event consumer. */
@Module({
  imports: [FileIndexModule],
  controllers: [FileMetadataController],
  providers: [FileMetadataCache, FileMetadataMetrics, MetadataCacheAdapter],
  exports: [FileMetadataCache],
})
export class FileMetadataModule {}
