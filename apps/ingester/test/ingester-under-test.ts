import type { ServiceUnderTest } from '@artstore/testing';
import { ingesterService } from '../src/ingester.service';
import { ingesterEnvSchema, type IngesterConfig } from '../src/config/ingester.config';

/** The ingester as the shared suites start it. */
export const ingester: ServiceUnderTest<IngesterConfig> = {
  app: 'ingester',
  definition: ingesterService,
  schema: ingesterEnvSchema,
  env: () => ({}),
  usesRemoteJwks: true,
  requiredVariables: [],
  extraReadinessChecks: ['jwks'],
};
