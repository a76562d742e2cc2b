export { CurrentPrincipal } from './guard/current-principal.decorator';
export { attachPrincipal, findPrincipal, principalOf } from './guard/principal';
export { AuthModule } from './auth.module';
export {
  AUTH_MODULE_OPTIONS,
  type AuthModuleOptions,
  type VerificationKeySourceProvider,
} from './auth-module.options';
export { authEnvShape, type AuthEnv } from './config/auth-env.schema';
export { authOptionsFromEnv } from './config/auth-options-from-env';
export { AuthError, AuthErrorCode } from './errors/auth.errors';
export { mapAuthError } from './errors/auth-error.mapper';
export { AccessTokenGuard } from './guard/access-token.guard';
export { MAX_AUTHORIZATION_BYTES } from './guard/bearer-token';
export { httpJwksLoader, type JwksLoader } from './keys/fetch-jwks';
export { RemoteJwksKeySource, type RemoteJwksKeySourceOptions } from './keys/remote-jwks.key-source';
export { VerificationKeySource } from './keys/verification-key-source';
export { ServiceTokenClient, type ServiceTokenClientOptions } from './service-token/service-token.client';
export { AccessTokenVerifier } from './verification/access-token.verifier';
export { ClientRateLimiter } from './rate-limit/client-rate-limiter.service';
export { TokenEndpointRateLimiter } from './rate-limit/token-endpoint-rate-limiter.service';
export { RateLimitExceededError, type RateLimitErrorCode } from './rate-limit/rate-limit.errors';
export { rateLimitHeaders } from './rate-limit/rate-limit.headers';
export type { RateLimitDecision } from './rate-limit/rate-limit-decision';
export {
  checkRateLimitEnv,
  rateLimitEnvShape,
  rateLimitOptionsFromEnv,
  type RateLimitEnv,
  type RateLimitOptions,
} from './rate-limit/rate-limit.config';
export { readAllRateLimitOverrides, writeRateLimitOverride } from './rate-limit/rate-limit-overrides.adapter';
