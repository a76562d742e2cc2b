import { Module } from '@nestjs/common';
import { FileIndexRepository } from './file-index.repository';

/** The index tables (one row per live file, tombstones of deleted ones) and their one repository. */
@Module({
  providers: [FileIndexRepository],
  exports: [FileIndexRepository],
})
export class FileIndexModule {}
