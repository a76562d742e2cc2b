import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_TYPE,
  SERVICE_AUDIENCES,
  type Permission,
  type Role,
  type TokenResponse,
} from '@artstore/contracts';
import { APP_CONFIG } from '@artstore/platform';
import type { AdminConfig } from '../config/admin.config';
import { SigningKeysService } from '../signing-keys/signing-keys.service';

export interface TokenSubject {
  accountId: string;
  clientId: string;
  role: Role;
}

/** Signs RFC 9068 access tokens with the key that signs now. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly signingKeys: SigningKeysService,
    @Inject(APP_CONFIG) private readonly config: AdminConfig,
  ) {}

  async issue(
    subject: TokenSubject,
    permissions: readonly Permission[],
  ): Promise<TokenResponse & { jti: string }> {
    const signer = this.signingKeys.signer();
    const issuedAt = Math.floor(Date.now() / 1000);
    const jti = randomUUID();
    const scope = permissions.join(' ');
    const accessToken = await new SignJWT({
      client_id: subject.clientId,
      role: subject.role,
      permissions: [...permissions],
      scope,
    })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: signer.kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(this.config.ARTSTORE_ISSUER)
      .setSubject(subject.accountId)
      .setAudience([...SERVICE_AUDIENCES])
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + this.config.ACCESS_TOKEN_TTL_S)
      .setJti(jti)
      .sign(signer.privateKey);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.config.ACCESS_TOKEN_TTL_S,
      scope,
      jti,
    };
  }
}
