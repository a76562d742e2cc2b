import { Injectable } from '@nestjs/common';
import { SecretHasher } from '../crypto/secret-hasher';
import {
  ServiceAccountsRepository,
  type AccountRecord,
} from '../service-accounts/service-accounts.repository';
import { OAuthError } from './oauth.errors';
import type { TokenRequest } from './token-request';

/** Checks client credentials; every failure is the same `invalid_client`, whatever went wrong. */
@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly accounts: ServiceAccountsRepository,
    private readonly hasher: SecretHasher,
  ) {}

  async authenticate(request: TokenRequest): Promise<AccountRecord> {
    const basic = request.method === 'client_secret_basic';
    const found = await this.accounts.findForAuthentication(request.clientId);
    if (!found) {
      this.hasher.burnComparison(request.clientSecret);
      throw new AuthenticationRefusal('unknown_client', basic);
    }
    let matched = false;
    for (const hash of found.secretHashes) {
      // Every hash is checked, so the time does not tell which secret matched.
      matched = (await this.hasher.verify(request.clientSecret, hash)) || matched;
    }
    if (!matched) {
      throw new AuthenticationRefusal('wrong_secret', basic);
    }
    if (found.account.status !== 'active') {
      throw new AuthenticationRefusal('account_disabled', basic);
    }
    return found.account;
  }
}

/** Why a client was refused: for the audit log only, never for the client. */
export type RefusalReason = 'unknown_client' | 'wrong_secret' | 'account_disabled';

export class AuthenticationRefusal extends OAuthError {
  constructor(
    readonly reason: RefusalReason,
    basicAttempted: boolean,
  ) {
    super('invalid_client', 'Client authentication failed.', basicAttempted);
  }
}
