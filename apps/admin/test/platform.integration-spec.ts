import { randomBytes } from 'node:crypto';
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
  env: () => ({ ARTSTORE_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') }),
  requiredVariables: ['ARTSTORE_KEY_ENCRYPTION_KEY'],
  extraReadinessChecks: ['jwks'],
};

describePlatformConformance(admin);
describeProcessConformance(admin);
