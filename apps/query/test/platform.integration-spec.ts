import {
  describePlatformConformance,
  describeProcessConformance,
  type ServiceUnderTest,
} from '@artstore/testing';
import { queryService } from '../src/query.service';
import { queryEnvSchema, type QueryConfig } from '../src/config/query.config';

const query: ServiceUnderTest<QueryConfig> = {
  app: 'query',
  definition: queryService,
  schema: queryEnvSchema,
  env: () => ({}),
  requiredVariables: [],
};

describePlatformConformance(query);
describeProcessConformance(query);
