import { Module, type DynamicModule } from '@nestjs/common';
import { ClientRateLimiter } from './client-rate-limiter.service';
import { RATE_LIMIT_OPTIONS, type RateLimitOptions } from './rate-limit.config';
import { TokenEndpointRateLimiter } from './token-endpoint-rate-limiter.service';

/** Both limiters; needs the PlatformModule (Redis client, metrics, logger). */
@Module({})
export class RateLimitModule {
  static forRoot(options: RateLimitOptions): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [
        { provide: RATE_LIMIT_OPTIONS, useValue: options },
        ClientRateLimiter,
        TokenEndpointRateLimiter,
      ],
      exports: [ClientRateLimiter, TokenEndpointRateLimiter],
    };
  }
}
