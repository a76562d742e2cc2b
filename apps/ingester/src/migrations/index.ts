import type { MigrationInterface } from 'typeorm';
import { CreateSagas1764800000000 } from '@artstore/saga';
import { CreateUploadIdempotencyKeys1764900000000 } from '../idempotency/create-upload-idempotency-keys.migration';
import { CreateResumableUploads1765000000000 } from '../resumable-uploads/create-resumable-uploads.migration';

/** The ingester database's migrations, applied in this order at start. Features append theirs. */
export const ingesterMigrations: (new () => MigrationInterface)[] = [
  CreateSagas1764800000000,
  CreateUploadIdempotencyKeys1764900000000,
  CreateResumableUploads1765000000000,
];
