import { Module } from '@nestjs/common';
import { FileIndexModule } from '../file-index/file-index.module';
import { FileMetadataModule } from '../file-metadata/file-metadata.module';
import { FileEventConsumer } from './file-event-consumer';
import { FileEventsMetrics } from './file-events.metrics';
import { FileEventsStreamAdapter } from './file-events-stream.adapter';

/** The consumer group that keeps the index in step with the admin's `artstore:file-events`. */
@Module({
  imports: [FileIndexModule, FileMetadataModule],
  providers: [FileEventConsumer, FileEventsMetrics, FileEventsStreamAdapter],
})
export class FileEventsModule {}
