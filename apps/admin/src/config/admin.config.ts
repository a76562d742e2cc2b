import { z } from 'zod';
import { envPort, envUrl, platformEnvShape } from '@artstore/platform';

export const adminEnvSchema = z.object({
  ...platformEnvShape,
  PORT: envPort().default(8000),
  DATABASE_URL: platformEnvShape.DATABASE_URL.default('postgres://postgres@127.0.0.1:5432/artstore_admin'),
  ARTSTORE_ISSUER: envUrl(['http', 'https']).default('http://localhost:8000'),
  ARTSTORE_BOOTSTRAP_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{3,64}$/, 'must be 3-64 characters of A-Z a-z 0-9 . _ -')
    .optional(),
  ARTSTORE_BOOTSTRAP_CLIENT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});

export type AdminConfig = z.infer<typeof adminEnvSchema>;
