import { Injectable } from '@nestjs/common';
import type { TokenResponse } from '@artstore/contracts';
import { TokenEndpointRateLimiter } from '@artstore/auth';
import { AuditService } from '../audit/audit.service';
import { AuthenticationRefusal, ClientAuthenticator } from './client-authenticator';
import { grantedPermissions } from './granted-permissions';
import { OAuthError } from './oauth.errors';
import { TokenIssuer } from './token-issuer';
import { parseTokenRequest, type TokenRequest } from './token-request';

export interface TokenCall {
  ip: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

/** The token endpoint's work: read the request, limit, authenticate the client, narrow the scope, sign. */
@Injectable()
export class TokenService {
  constructor(
    private readonly authenticator: ClientAuthenticator,
    private readonly issuer: TokenIssuer,
    private readonly rateLimiter: TokenEndpointRateLimiter,
    private readonly audit: AuditService,
  ) {}

  async issueToken(call: TokenCall): Promise<TokenResponse> {
    const request = parseTokenRequest(call);
    await this.rateLimiter.consume(call.ip, request.clientId);
    try {
      const account = await this.authenticator.authenticate(request);
      const permissions = grantedPermissions(account.role, request.scope);
      const { jti, ...token } = await this.issuer.issue(
        { accountId: account.id, clientId: account.clientId, role: account.role },
        permissions,
      );
      await this.audit.record({
        actor: account.clientId,
        action: 'token.issued',
        resource: `service-account:${account.id}`,
        result: 'success',
        details: { jti, scope: token.scope, method: request.method, ip: call.ip },
      });
      return token;
    } catch (error) {
      if (error instanceof OAuthError) {
        await this.recordRefusal(request, call.ip, error);
      }
      throw error;
    }
  }

  private async recordRefusal(request: TokenRequest, ip: string, error: OAuthError): Promise<void> {
    await this.audit.record({
      actor: request.clientId,
      action: 'token.refused',
      resource: `client:${request.clientId}`,
      result: 'failure',
      details: {
        error: error.code,
        ...(error instanceof AuthenticationRefusal ? { reason: error.reason } : {}),
        method: request.method,
        ip,
      },
    });
  }
}
