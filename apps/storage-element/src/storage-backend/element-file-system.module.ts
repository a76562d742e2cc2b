import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { createElementFileSystem, ELEMENT_FILE_SYSTEM } from './element-file-system';

/** The backend (`SE_BACKEND`) behind one FileSystem, shared by the write protocol and the cache tools. */
@Module({
  providers: [
    {
      provide: ELEMENT_FILE_SYSTEM,
      inject: [APP_CONFIG],
      useFactory: (config: StorageElementConfig) => createElementFileSystem(config),
    },
  ],
  exports: [ELEMENT_FILE_SYSTEM],
})
export class ElementFileSystemModule {}
