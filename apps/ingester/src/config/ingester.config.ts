import { z } from 'zod';
import { authEnvShape } from '@artstore/auth';
import { SERVICE_CLIENT_IDS } from '@artstore/contracts';
import { envPort, platformEnvShape } from '@artstore/platform';

export const ingesterEnvSchema = z.object({
  ...platformEnvShape,
  ...authEnvShape,
  ARTSTORE_CLIENT_ID: authEnvShape.ARTSTORE_CLIENT_ID.default(SERVICE_CLIENT_IDS.ingester),
  PORT: envPort().default(8020),
  DATABASE_URL: platformEnvShape.DATABASE_URL.default('postgres://postgres@127.0.0.1:5432/artstore_ingester'),
});

export type IngesterConfig = z.infer<typeof ingesterEnvSchema>;
