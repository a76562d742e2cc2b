import { Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG } from '@artstore/platform';
import type { IngesterConfig } from '../config/ingester.config';
import { DurableFileStore } from './durable-file.store';
import { ResumableUploadProgress } from './resumable-upload-progress';
import { ResumableUploadRepository } from './resumable-upload.repository';
import { ResumableUploadsController } from './resumable-uploads.controller';
import { ResumableUploadsService } from './resumable-uploads.service';
import { StagedUploadFinisher } from './staged-upload-finisher';
import { StagingCleanup } from './staging-cleanup';
import { TusUploadMetrics } from './tus-upload.metrics';

/**
 * `/api/v1/uploads` (tus 1.0.0): uploads staged on this instance's disk, stored through the
 * upload saga of the multipart path once their last byte arrived.
 */
@Module({})
export class ResumableUploadsModule {
  /** @param uploads the app's UploadsModule, which owns the upload saga runtime. */
  static register(uploads: DynamicModule): DynamicModule {
    return {
      module: ResumableUploadsModule,
      imports: [uploads],
      controllers: [ResumableUploadsController],
      providers: [
        {
          provide: DurableFileStore,
          inject: [APP_CONFIG],
          useFactory: (config: IngesterConfig) =>
            new DurableFileStore(config.TUS_STAGING_DIR, config.TUS_EXPIRATION_MS),
        },
        ResumableUploadRepository,
        TusUploadMetrics,
        StagedUploadFinisher,
        ResumableUploadProgress,
        ResumableUploadsService,
        StagingCleanup,
      ],
      exports: [StagingCleanup],
    };
  }
}
