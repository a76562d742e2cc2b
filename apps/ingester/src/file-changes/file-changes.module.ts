import { Module, type DynamicModule } from '@nestjs/common';
import { FileChangeMetrics } from './file-change.metrics';
import { FileChangesController } from './file-changes.controller';
import { FileChangesService } from './file-changes.service';

/** `POST /files/{id}/finalize`, `PATCH /files/{id}`, `DELETE /files/{id}` through their sagas. */
@Module({})
export class FileChangesModule {
  /** @param uploads the app's UploadsModule: it provides the process's one saga runtime. */
  static register(uploads: DynamicModule): DynamicModule {
    return {
      module: FileChangesModule,
      imports: [uploads],
      controllers: [FileChangesController],
      providers: [FileChangeMetrics, FileChangesService],
      exports: [FileChangesService],
    };
  }
}
