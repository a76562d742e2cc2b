import type { MigrationInterface } from 'typeorm';

/** The admin database's migrations, applied in this order at start. Features append theirs. */
export const adminMigrations: (new () => MigrationInterface)[] = [];
