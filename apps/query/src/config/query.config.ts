import { z } from 'zod';
import { envPort, platformEnvShape } from '@artstore/platform';

export const queryEnvSchema = z.object({
  ...platformEnvShape,
  PORT: envPort().default(8030),
  DATABASE_URL: platformEnvShape.DATABASE_URL.default('postgres://postgres@127.0.0.1:5432/artstore_query'),
});

export type QueryConfig = z.infer<typeof queryEnvSchema>;
