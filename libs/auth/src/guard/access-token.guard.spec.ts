import type { ExecutionContext, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@artstore/contracts';
import { Public, RequirePermissions } from '@artstore/platform';
import { AuthError, AuthErrorCode } from '../errors/auth.errors';
import type { ClientRateLimiter } from '../rate-limit/client-rate-limiter.service';
import type { RateLimitDecision } from '../rate-limit/rate-limit-decision';
import { RateLimitExceededError } from '../rate-limit/rate-limit.errors';
import type { AccessTokenVerifier } from '../verification/access-token.verifier';
import { AccessTokenGuard } from './access-token.guard';
import { findPrincipal } from './principal';

const readonlyCaller: Principal = {
  accountId: 'account-1',
  clientId: 'client-1',
  role: 'readonly',
  permissions: ['files:read', 'storage:read'],
  tokenId: 'token-1',
};

class Routes {
  @Public()
  health(): void {}

  @RequirePermissions('files:read')
  read(): void {}

  @RequirePermissions('files:read', 'files:write')
  write(): void {}

  // Handler-level rules win over the class; a contradiction at one level fails closed.
  @Public()
  @RequirePermissions('files:read')
  contradictory(): void {}

  forgotten(): void {}
}

@Public()
class PublicRoutes {
  open(): void {}

  @RequirePermissions('audit:read')
  audit(): void {}
}

@RequirePermissions('storage:read')
class StorageRoutes {
  list(): void {}
}

function contextFor<T>(controller: Type<T>, method: keyof T & string, authorization?: string) {
  const handler: unknown = (controller.prototype as Record<string, unknown>)[method];
  const request = { headers: authorization === undefined ? {} : { authorization } };
  const replyHeaders: Record<string, string> = {};
  const reply = { headers: (values: Record<string, string>) => Object.assign(replyHeaders, values) };
  const context = {
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { context, request, replyHeaders };
}

const DECISION: RateLimitDecision = { limit: 100, remaining: 99, resetSeconds: 60, windowSeconds: 60 };

function guardWith(
  principal: Principal = readonlyCaller,
  limit: (clientId: string) => Promise<RateLimitDecision | undefined> = () => Promise.resolve(DECISION),
): { guard: AccessTokenGuard; verified: string[]; limited: string[] } {
  const verified: string[] = [];
  const limited: string[] = [];
  const rateLimiter = {
    consume: (clientId: string) => {
      limited.push(clientId);
      return limit(clientId);
    },
  } as unknown as ClientRateLimiter;
  const verifier = {
    verify: (token: string) => {
      verified.push(token);
      return Promise.resolve(principal);
    },
  } as unknown as AccessTokenVerifier;
  return { guard: new AccessTokenGuard(new Reflector(), verifier, rateLimiter), verified, limited };
}

const TOKEN = 'aaa.bbb.ccc';

async function refusalOf(promise: Promise<boolean>): Promise<AuthError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe(AccessTokenGuard.name, () => {
  describe('canActivate', () => {
    it('lets a public route pass without looking at the token', async () => {
      const { guard, verified } = guardWith();
      await expect(guard.canActivate(contextFor(Routes, 'health').context)).resolves.toBe(true);
      await expect(guard.canActivate(contextFor(PublicRoutes, 'open').context)).resolves.toBe(true);
      expect(verified).toEqual([]);
    });

    it('refuses a route that declares no access rule, even with a token', async () => {
      const { guard, verified } = guardWith();
      const refusal = await refusalOf(
        guard.canActivate(contextFor(Routes, 'forgotten', `Bearer ${TOKEN}`).context),
      );
      expect(refusal.code).toBe(AuthErrorCode.RouteAccessUndeclared);
      expect(verified).toEqual([]);
    });

    it('asks for a token on a guarded route', async () => {
      const { guard } = guardWith();
      const refusal = await refusalOf(guard.canActivate(contextFor(Routes, 'read').context));
      expect(refusal.code).toBe(AuthErrorCode.MissingToken);
    });

    it('attaches the verified caller when it has every permission', async () => {
      const { guard, verified } = guardWith();
      const { context, request } = contextFor(Routes, 'read', `Bearer ${TOKEN}`);
      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(verified).toEqual([TOKEN]);
      expect(findPrincipal(request)).toEqual(readonlyCaller);
    });

    it('refuses a caller missing one of the permissions, naming all of them', async () => {
      const { guard } = guardWith();
      const refusal = await refusalOf(
        guard.canActivate(contextFor(Routes, 'write', `Bearer ${TOKEN}`).context),
      );
      expect(refusal.code).toBe(AuthErrorCode.InsufficientScope);
      expect(refusal.requiredPermissions).toEqual(['files:read', 'files:write']);
    });

    it('applies a handler rule over a public controller and a controller rule to its handlers', async () => {
      const { guard } = guardWith();
      const audit = await refusalOf(
        guard.canActivate(contextFor(PublicRoutes, 'audit', `Bearer ${TOKEN}`).context),
      );
      expect(audit.code).toBe(AuthErrorCode.InsufficientScope);
      const noToken = await refusalOf(guard.canActivate(contextFor(StorageRoutes, 'list').context));
      expect(noToken.code).toBe(AuthErrorCode.MissingToken);
    });

    it('treats @Public() beside @RequirePermissions() on one handler as guarded', async () => {
      const { guard } = guardWith();
      const refusal = await refusalOf(guard.canActivate(contextFor(Routes, 'contradictory').context));
      expect(refusal.code).toBe(AuthErrorCode.MissingToken);
    });

    it('counts an authenticated request against its client and sets the RateLimit headers', async () => {
      const { guard, limited } = guardWith();
      const { context, replyHeaders } = contextFor(Routes, 'read', `Bearer ${TOKEN}`);
      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(limited).toEqual(['client-1']);
      expect(replyHeaders['RateLimit'] ?? replyHeaders['ratelimit']).toBeDefined();
    });

    it('lets the rate limiter refuse a client over its limit', async () => {
      const { guard } = guardWith(readonlyCaller, () => {
        throw new RateLimitExceededError({ limit: 100, remaining: 0, resetSeconds: 30, windowSeconds: 60 });
      });
      await expect(
        guard.canActivate(contextFor(Routes, 'read', `Bearer ${TOKEN}`).context),
      ).rejects.toBeInstanceOf(RateLimitExceededError);
    });

    it('serves the request without headers when the limiter could not decide (fail open)', async () => {
      const { guard } = guardWith(readonlyCaller, () => Promise.resolve(undefined));
      const { context, replyHeaders } = contextFor(Routes, 'read', `Bearer ${TOKEN}`);
      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(replyHeaders).toEqual({});
    });
  });
});
