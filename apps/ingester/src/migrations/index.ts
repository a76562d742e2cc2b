import type { MigrationInterface } from 'typeorm';

/** The ingester database's migrations, applied in this order at start. Features append theirs. */
export const ingesterMigrations: (new () => MigrationInterface)[] = [];
