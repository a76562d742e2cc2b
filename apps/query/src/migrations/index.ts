import type { MigrationInterface } from 'typeorm';
import { CreateFileIndex1797000000000 } from '../file-index/create-file-index.migration';

/** The query database's migrations, applied in this order at start. Features append theirs. */
export const queryMigrations: (new () => MigrationInterface)[] = [CreateFileIndex1797000000000];
