import type { MigrationInterface } from 'typeorm';
import { FileCache1795400000000 } from './1795400000000-file-cache';
import { CorruptedFiles1795500000000 } from './1795500000000-corrupted-files';
import { FilesUsage1795600000000 } from './1795600000000-files-usage';

/** The storage-element database's migrations, applied in this order at start. Features append theirs. */
export const storageElementMigrations: (new () => MigrationInterface)[] = [
  FileCache1795400000000,
  CorruptedFiles1795500000000,
  FilesUsage1795600000000,
];
