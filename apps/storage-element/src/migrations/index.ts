import type { MigrationInterface } from 'typeorm';

/** The storage-element database's migrations, applied in this order at start. Features append theirs. */
export const storageElementMigrations: (new () => MigrationInterface)[] = [];
