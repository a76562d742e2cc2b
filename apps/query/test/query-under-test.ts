import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServiceUnderTest } from '@artstore/testing';
import { queryService } from '../src/query.service';
import { queryEnvSchema, type QueryConfig } from '../src/config/query.config';

/** The query as the shared suites start it. */
export const query: ServiceUnderTest<QueryConfig> = {
  app: 'query',
  definition: queryService,
  schema: queryEnvSchema,
  env: () => ({ DISCOVERY_STATE_DIR: mkdtempSync(path.join(tmpdir(), 'artstore-query-')) }),
  usesRemoteJwks: true,
  requiredVariables: [],
  extraReadinessChecks: ['jwks', 'storage_elements'],
};
