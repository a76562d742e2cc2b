import type { ServiceAudience } from '@artstore/contracts';
import { APP_LOGGER, type AppLogger, type PlatformEnv } from '@artstore/platform';
import type { AuthModuleOptions } from '../auth-module.options';
import { RemoteJwksKeySource } from '../keys/remote-jwks.key-source';
import { rateLimitOptionsFromEnv } from '../rate-limit/rate-limit.config';
import type { AuthEnv } from './auth-env.schema';

/**
 * AuthModule options of a service that verifies against the admin's remote JWKS and calls other
 * services with its own client credentials.
 */
export function authOptionsFromEnv(
  audience: ServiceAudience,
  env: AuthEnv & Pick<PlatformEnv, 'REDIS_COMMAND_TIMEOUT_MS'>,
): AuthModuleOptions {
  const adminUrl = env.ARTSTORE_ADMIN_URL.replace(/\/+$/, '');
  const jwksUrl = env.ARTSTORE_JWKS_URL ?? `${adminUrl}/.well-known/jwks.json`;
  return {
    audience,
    issuer: env.ARTSTORE_ISSUER,
    clockToleranceSeconds: env.AUTH_CLOCK_TOLERANCE_S,
    rateLimit: rateLimitOptionsFromEnv(env),
    keySource: {
      useFactory: (logger: AppLogger) =>
        new RemoteJwksKeySource({ url: jwksUrl, cacheMaxAgeMs: env.AUTH_JWKS_CACHE_MAX_AGE_MS }, logger),
      inject: [APP_LOGGER],
    },
    serviceClient: {
      tokenUrl: `${adminUrl}/api/v1/auth/token`,
      clientId: env.ARTSTORE_CLIENT_ID,
      ...(env.ARTSTORE_CLIENT_SECRET ? { clientSecret: env.ARTSTORE_CLIENT_SECRET } : {}),
    },
  };
}
