import { Injectable } from '@nestjs/common';
import type { Permission } from '@artstore/contracts';
import { TokenIssuer } from '../tokens/token-issuer';

/** The client id the admin names itself with on its own calls to storage elements. */
export const ADMIN_CLIENT_ID = 'artstore-admin';
// Not an account: the admin signs its own tokens, so no secret exists that could leak.
const ADMIN_SUBJECT = 'artstore-admin';
// files:read lets the file registry's reconcile walk the elements' listings.
const PERMISSIONS: readonly Permission[] = ['storage:read', 'storage:write', 'files:read'];
const REFRESH_MARGIN_MS = 60_000;

/** A token the admin mints for itself (mode changes, file listings), reused until shortly before expiry. */
@Injectable()
export class InternalAccessToken {
  private cached: { token: string; refreshAt: number } | undefined;

  constructor(private readonly issuer: TokenIssuer) {}

  async get(): Promise<string> {
    if (this.cached && Date.now() < this.cached.refreshAt) {
      return this.cached.token;
    }
    const issued = await this.issuer.issue(
      { accountId: ADMIN_SUBJECT, clientId: ADMIN_CLIENT_ID, role: 'admin' },
      PERMISSIONS,
    );
    const lifetimeMs = issued.expires_in * 1000;
    this.cached = {
      token: issued.access_token,
      refreshAt: Date.now() + Math.max(lifetimeMs / 2, lifetimeMs - REFRESH_MARGIN_MS),
    };
    return issued.access_token;
  }
}
