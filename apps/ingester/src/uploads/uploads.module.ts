import { Module, type DynamicModule } from '@nestjs/common';
import { ElementFilesAdapter } from '../element-files/element-files.adapter';
import { FileRegistryAdapter } from '../file-registry/file-registry.adapter';
import { UploadIdempotencyRepository } from '../idempotency/upload-idempotency.repository';
import { IngesterSagas } from '../sagas/ingester-sagas';
import { IdempotentUploads } from './idempotent-uploads';
import { UploadBodies } from './upload-bodies';
import { UploadMetrics } from './upload.metrics';
import { UploadsController } from './uploads.controller';
import { UploadsService } from './uploads.service';

const providers = [
  ElementFilesAdapter,
  FileRegistryAdapter,
  UploadIdempotencyRepository,
  IdempotentUploads,
  UploadBodies,
  UploadMetrics,
  IngesterSagas,
  UploadsService,
];

/** `POST /api/v1/files/upload` and the upload saga behind it. */
@Module({})
export class UploadsModule {
  /** @param discovery the app's StorageElementsDiscoveryModule (one subscriber per process). */
  static register(discovery: DynamicModule): DynamicModule {
    return {
      module: UploadsModule,
      imports: [discovery],
      controllers: [UploadsController],
      providers,
      // Resumable uploads run the same saga runtime (one orchestrator and recovery worker per process).
      exports: [IngesterSagas, UploadBodies],
    };
  }
}
