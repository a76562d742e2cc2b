import {
  describePlatformConformance,
  describeProcessConformance,
  type ServiceUnderTest,
} from '@artstore/testing';
import { ingesterService } from '../src/ingester.service';
import { ingesterEnvSchema, type IngesterConfig } from '../src/config/ingester.config';

const ingester: ServiceUnderTest<IngesterConfig> = {
  app: 'ingester',
  definition: ingesterService,
  schema: ingesterEnvSchema,
  env: () => ({}),
  requiredVariables: [],
};

describePlatformConformance(ingester);
describeProcessConformance(ingester);
