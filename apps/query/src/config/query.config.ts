import path from 'node:path';
import { z } from 'zod';
import { authEnvShape } from '@artstore/auth';
import { SERVICE_CLIENT_IDS } from '@artstore/contracts';
import { envPort, platformEnvShape } from '@artstore/platform';
import { discoveryEnvShape } from '@artstore/service-discovery';

export const queryEnvSchema = z
  .object({
    ...platformEnvShape,
    ...authEnvShape,
    ...discoveryEnvShape,
    ARTSTORE_CLIENT_ID: authEnvShape.ARTSTORE_CLIENT_ID.default(SERVICE_CLIENT_IDS.query),
    PORT: envPort().default(8030),
    DATABASE_URL: platformEnvShape.DATABASE_URL.default('postgres://postgres@127.0.0.1:5432/artstore_query'),
  })
  .transform((env) => ({
    ...env,
    DISCOVERY_STATE_DIR: path.resolve(env.DISCOVERY_STATE_DIR ?? path.join('data', 'query')),
  }));

export type QueryConfig = z.infer<typeof queryEnvSchema>;
