import type { JWTPayload } from 'jose';
import { PERMISSIONS, ROLES, type Permission, type Principal, type Role } from '@artstore/contracts';
import { AuthError } from '../errors/auth.errors';

/** Claims jose must find before it accepts a token (iss, aud and typ are checked through options). */
export const REQUIRED_CLAIMS = ['sub', 'client_id', 'role', 'permissions', 'exp', 'iat', 'nbf', 'jti'];

const KNOWN_ROLES: ReadonlySet<string> = new Set(ROLES);
const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set(PERMISSIONS);

/** The caller named by a verified token, after checking the shape of our own claims. */
export function principalFromClaims(claims: JWTPayload): Principal {
  const { sub, client_id: clientId, role, permissions, jti } = claims;
  if (!isNonEmptyString(sub) || !isNonEmptyString(clientId) || !isNonEmptyString(jti)) {
    throw AuthError.invalidToken('The access token names no subject, client or token id.');
  }
  if (!isRole(role)) {
    throw AuthError.invalidToken('The access token carries an unknown role.');
  }
  if (!Array.isArray(permissions) || !permissions.every(isPermission)) {
    throw AuthError.invalidToken('The access token carries an unknown permission.');
  }
  return { accountId: sub, clientId, role, permissions: Object.freeze([...permissions]), tokenId: jti };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && KNOWN_ROLES.has(value);
}

function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && KNOWN_PERMISSIONS.has(value);
}
