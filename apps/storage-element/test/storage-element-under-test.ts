import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServiceUnderTest } from '@artstore/testing';
import { storageElementService } from '../src/storage-element.service';
import { storageElementEnvSchema, type StorageElementConfig } from '../src/config/storage-element.config';

const dataRoot = mkdtempSync(path.join(tmpdir(), 'artstore-se-'));

/** The storage element as the shared suites start it. */
export const storageElement: ServiceUnderTest<StorageElementConfig> = {
  app: 'storage-element',
  definition: storageElementService,
  schema: storageElementEnvSchema,
  env: () => ({
    SE_ID: 'se-test',
    SE_MODE: 'edit',
    SE_CAPACITY_BYTES: String(1024 ** 3),
    SE_DATA_DIR: mkdtempSync(path.join(dataRoot, 'data-')),
  }),
  usesRemoteJwks: true,
  requiredVariables: ['SE_ID', 'SE_MODE', 'SE_CAPACITY_BYTES'],
  extraReadinessChecks: ['data_directory', 'jwks'],
};
