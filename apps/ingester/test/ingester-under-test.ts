import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServiceUnderTest } from '@artstore/testing';
import { ingesterService } from '../src/ingester.service';
import { ingesterEnvSchema, type IngesterConfig } from '../src/config/ingester.config';

/** The ingester as the shared suites start it. */
export const ingester: ServiceUnderTest<IngesterConfig> = {
  app: 'ingester',
  definition: ingesterService,
  schema: ingesterEnvSchema,
  env: () => ({ DISCOVERY_STATE_DIR: mkdtempSync(path.join(tmpdir(), 'artstore-ingester-')) }),
  usesRemoteJwks: true,
  requiredVariables: [],
  extraReadinessChecks: ['jwks', 'storage_elements'],
};
