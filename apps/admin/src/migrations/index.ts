import type { MigrationInterface } from 'typeorm';
import { CreateAuditEvents1763900000000 } from '../audit/create-audit-events.migration';
import { Identity1763800000000 } from './1763800000000-identity';

/** The admin database's migrations, applied in this order at start. Features append theirs. */
export const adminMigrations: (new () => MigrationInterface)[] = [
  Identity1763800000000,
  CreateAuditEvents1763900000000,
];
