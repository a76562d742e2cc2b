import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AUTH_MODULE_OPTIONS, type AuthModuleOptions } from './auth-module.options';
import { AccessTokenGuard } from './guard/access-token.guard';
import { KeySourceReadiness } from './keys/key-source.readiness';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { VerificationKeySource } from './keys/verification-key-source';
import { ServiceTokenClient } from './service-token/service-token.client';
import { AccessTokenVerifier } from './verification/access-token.verifier';

/**
 * Guards every route of the app (APP_GUARD): `@Public()` routes pass, the others need an access
 * token for this service with the permissions `@RequirePermissions()` names, within its client's
 * rate limit. Adds `jwks` to
 * readiness and, when given credentials, provides `ServiceTokenClient` for outbound calls.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    const { imports = [], ...keySource } = options.keySource;
    const serviceClient = options.serviceClient;
    const outbound: Provider[] = serviceClient
      ? [{ provide: ServiceTokenClient, useFactory: () => new ServiceTokenClient(serviceClient) }]
      : [];
    return {
      module: AuthModule,
      imports: [...imports, RateLimitModule.forRoot(options.rateLimit)],
      providers: [
        { provide: AUTH_MODULE_OPTIONS, useValue: options },
        { provide: VerificationKeySource, ...keySource },
        AccessTokenVerifier,
        KeySourceReadiness,
        { provide: APP_GUARD, useClass: AccessTokenGuard },
        ...outbound,
      ],
      exports: [
        RateLimitModule,
        VerificationKeySource,
        AccessTokenVerifier,
        ...(serviceClient ? [ServiceTokenClient] : []),
      ],
    };
  }
}
