import { z } from 'zod';
import { authEnvShape } from '@artstore/auth';
import { SERVICE_CLIENT_IDS } from '@artstore/contracts';
import { envPort, platformEnvShape } from '@artstore/platform';

export const queryEnvSchema = z.object({
  ...platformEnvShape,
  ...authEnvShape,
  ARTSTORE_CLIENT_ID: authEnvShape.ARTSTORE_CLIENT_ID.default(SERVICE_CLIENT_IDS.query),
  PORT: envPort().default(8030),
  DATABASE_URL: platformEnvShape.DATABASE_URL.default('postgres://postgres@127.0.0.1:5432/artstore_query'),
});

export type QueryConfig = z.infer<typeof queryEnvSchema>;
