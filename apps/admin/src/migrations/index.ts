import type { MigrationInterface } from 'typeorm';
import { CreateSagas1764800000000 } from '@artstore/saga';
import { CreateAuditEvents1763900000000 } from '../audit/create-audit-events.migration';
import { CreateFileRegistry1796000000000 } from '../file-registry/create-file-registry.migration';
import { CreateStorageElements1795700000000 } from '../storage-elements/create-storage-elements.migration';
import { Identity1763800000000 } from './1763800000000-identity';

/** The admin database's migrations, applied in this order at start. Features append theirs. */
export const adminMigrations: (new () => MigrationInterface)[] = [
  Identity1763800000000,
  CreateAuditEvents1763900000000,
  CreateSagas1764800000000,
  CreateStorageElements1795700000000,
  CreateFileRegistry1796000000000,
];
