import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthError } from '../errors/auth.errors';
import { ClientRateLimiter } from '../rate-limit/client-rate-limiter.service';
import { rateLimitHeaders } from '../rate-limit/rate-limit.headers';
import { AccessTokenVerifier } from '../verification/access-token.verifier';
import { bearerTokenOf } from './bearer-token';
import { attachPrincipal } from './principal';
import { routeAccessOf } from './route-access';

/**
 * The global guard: public routes pass; every other route needs a valid access token carrying all
 * the permissions it requires, within its client's rate limit; a route that declares neither is refused.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly rateLimiter: ClientRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = routeAccessOf(this.reflector, [context.getHandler(), context.getClass()]);
    if (access.kind === 'public') {
      return true;
    }
    if (access.kind === 'undeclared') {
      throw AuthError.routeAccessUndeclared();
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = await this.verifier.verify(bearerTokenOf(request.headers.authorization));
    attachPrincipal(request, principal);
    // Refused requests count too: a client hammering a route it may not use is still hammering.
    const decision = await this.rateLimiter.consume(principal.clientId);
    if (decision) {
      void context.switchToHttp().getResponse<FastifyReply>().headers(rateLimitHeaders(decision));
    }
    if (!access.permissions.every((permission) => principal.permissions.includes(permission))) {
      throw AuthError.insufficientScope(access.permissions);
    }
    return true;
  }
}
