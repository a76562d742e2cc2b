import type { MigrationInterface } from 'typeorm';

/** The query database's migrations, applied in this order at start. Features append theirs. */
export const queryMigrations: (new () => MigrationInterface)[] = [];
