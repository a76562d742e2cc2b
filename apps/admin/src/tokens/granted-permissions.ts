import { ROLE_PERMISSIONS, type Permission, type Role } from '@artstore/contracts';
import { OAuthError } from './oauth.errors';

/** The permissions a token gets: all its role allows, or the requested subset of them. */
export function grantedPermissions(role: Role, requestedScope: string | undefined): Permission[] {
  const allowed = ROLE_PERMISSIONS[role];
  const requested = requestedScope?.split(' ').filter((entry) => entry.length > 0) ?? [];
  if (requested.length === 0) {
    return [...allowed];
  }
  const refused = requested.filter((entry) => !(allowed as readonly string[]).includes(entry));
  if (refused.length > 0) {
    throw new OAuthError('invalid_scope', `Not allowed for this client: ${refused.join(' ')}.`);
  }
  return allowed.filter((permission) => requested.includes(permission));
}
