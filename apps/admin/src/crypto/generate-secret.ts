import { randomBytes } from 'node:crypto';

/** A client secret with 256 bits of entropy, URL- and header-safe. */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A client id for accounts created without one. */
export function generateClientId(): string {
  return `sa-${randomBytes(12).toString('base64url')}`;
}
