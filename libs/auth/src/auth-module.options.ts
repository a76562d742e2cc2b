import type {
  ClassProvider,
  ExistingProvider,
  FactoryProvider,
  ModuleMetadata,
  ValueProvider,
} from '@nestjs/common';
import type { ServiceAudience } from '@artstore/contracts';
import type { VerificationKeySource } from './keys/verification-key-source';
import type { RateLimitOptions } from './rate-limit/rate-limit.config';
import type { ServiceTokenClientOptions } from './service-token/service-token.client';

export const AUTH_MODULE_OPTIONS = Symbol('AUTH_MODULE_OPTIONS');

/**
 * How AuthModule gets its key source: any Nest provider form without `provide`, plus the modules
 * its own dependencies come from (e.g. `{ imports: [SigningKeysModule], useClass: LocalSigningKeySource }`).
 */
export type VerificationKeySourceProvider = (
  | Omit<ClassProvider<VerificationKeySource>, 'provide'>
  | Omit<ExistingProvider<VerificationKeySource>, 'provide'>
  | Omit<FactoryProvider<VerificationKeySource>, 'provide'>
  | Omit<ValueProvider<VerificationKeySource>, 'provide'>
) & { imports?: ModuleMetadata['imports'] };

export interface AuthModuleOptions {
  /** This service's name in `aud`; tokens meant only for other services are refused. */
  audience: ServiceAudience;
  /** Exactly the admin's `ARTSTORE_ISSUER`. */
  issuer: string;
  keySource: VerificationKeySourceProvider;
  /** Clock skew allowed on `exp` and `nbf`, in seconds (default 30). */
  clockToleranceSeconds?: number;
  /** Per-client limits checked on every guarded request, and the token endpoint's limits. */
  rateLimit: RateLimitOptions;
  /** Credentials for calls to other services; when given, `ServiceTokenClient` is provided. */
  serviceClient?: ServiceTokenClientOptions;
}

export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
