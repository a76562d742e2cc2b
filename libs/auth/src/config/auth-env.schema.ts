import { z } from 'zod';
import { envInt, envUrl } from '@artstore/platform';
import { rateLimitEnvShape } from '../rate-limit/rate-limit.config';

/**
 * Identity variables of the services that verify the admin's tokens and call each other. Apps
 * spread it into their schema and give `ARTSTORE_CLIENT_ID` their own default from SERVICE_CLIENT_IDS.
 */
export const authEnvShape = {
  ...rateLimitEnvShape,
  /** Exactly the admin's `ARTSTORE_ISSUER`: tokens naming another issuer are refused. */
  ARTSTORE_ISSUER: envUrl(['http', 'https']).default('http://localhost:8000'),
  ARTSTORE_ADMIN_URL: envUrl(['http', 'https']).default('http://localhost:8000'),
  /** Defaults to `<ARTSTORE_ADMIN_URL>/.well-known/jwks.json`. */
  ARTSTORE_JWKS_URL: envUrl(['http', 'https']).optional(),
  AUTH_JWKS_CACHE_MAX_AGE_MS: envInt({ min: 1_000 }).default(300_000),
  AUTH_CLOCK_TOLERANCE_S: envInt({ min: 0, max: 300 }).default(30),
  ARTSTORE_CLIENT_ID: z.string().min(1),
  /** Optional for now: only outbound calls need it (ARTSTORE_CLIENT_SECRET_FILE works too). */
  ARTSTORE_CLIENT_SECRET: z.string().min(1).optional(),
} as const;

export type AuthEnv = z.infer<z.ZodObject<typeof authEnvShape>>;
