import { AuthError } from '../errors/auth.errors';

/** Longest Authorization header looked at; our tokens are well under 2 KiB. */
export const MAX_AUTHORIZATION_BYTES = 8 * 1024;

const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+) *$/i;

/**
 * The compact JWT in an `Authorization: Bearer` header, refusing cheaply (before any parsing or
 * crypto) what cannot be one of our tokens: too long, another scheme, not three base64url segments.
 */
export function bearerTokenOf(authorization: string | string[] | undefined): string {
  if (authorization === undefined || authorization === '') {
    throw AuthError.missingToken();
  }
  if (Array.isArray(authorization)) {
    throw AuthError.invalidToken('Send exactly one Authorization header.');
  }
  if (authorization.length > MAX_AUTHORIZATION_BYTES) {
    throw AuthError.invalidToken('The Authorization header is too long.');
  }
  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined) {
    throw AuthError.invalidToken('The Authorization header must be "Bearer" and a JWT.');
  }
  return token;
}
