import type { ServiceUnderTest } from '@artstore/testing';
import { queryService } from '../src/query.service';
import { queryEnvSchema, type QueryConfig } from '../src/config/query.config';

/** The query as the shared suites start it. */
export const query: ServiceUnderTest<QueryConfig> = {
  app: 'query',
  definition: queryService,
  schema: queryEnvSchema,
  env: () => ({}),
  usesRemoteJwks: true,
  requiredVariables: [],
  extraReadinessChecks: ['jwks'],
};
