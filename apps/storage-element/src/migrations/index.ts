import type { MigrationInterface } from 'typeorm';
import { FileCache1795400000000 } from './1795400000000-file-cache';

/** The storage-element database's migrations, applied in this order at start. Features append theirs. */
export const storageElementMigrations: (new () => MigrationInterface)[] = [FileCache1795400000000];
