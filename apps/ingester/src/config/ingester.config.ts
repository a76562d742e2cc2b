import { z } from 'zod';
import { envPort, platformEnvShape } from '@artstore/platform';

export const ingesterEnvSchema = z.object({
  ...platformEnvShape,
  PORT: envPort().default(8020),
  DATABASE_URL: platformEnvShape.DATABASE_URL.default('postgres://postgres@127.0.0.1:5432/artstore_ingester'),
});

export type IngesterConfig = z.infer<typeof ingesterEnvSchema>;
