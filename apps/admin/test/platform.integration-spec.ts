import {
  describePlatformConformance,
  describeProcessConformance,
  type ServiceUnderTest,
} from '@artstore/testing';
import { adminService } from '../src/admin.service';
import { adminEnvSchema, type AdminConfig } from '../src/config/admin.config';

const admin: ServiceUnderTest<AdminConfig> = {
  app: 'admin',
  definition: adminService,
  schema: adminEnvSchema,
  env: () => ({}),
  requiredVariables: [],
};

describePlatformConformance(admin);
describeProcessConformance(admin);
