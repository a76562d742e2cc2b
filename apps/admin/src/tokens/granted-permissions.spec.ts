import { describe, expect, it } from 'vitest';
import { grantedPermissions } from './granted-permissions';
import { OAuthError } from './oauth.errors';

describe(grantedPermissions.name, () => {
  it('grants everything the role allows when no scope is asked for', () => {
    expect(grantedPermissions('user', undefined)).toEqual(['files:read', 'files:write', 'files:delete']);
    expect(grantedPermissions('readonly', '  ')).toEqual(['files:read', 'storage:read']);
  });

  it('narrows to the requested permissions', () => {
    expect(grantedPermissions('user', 'files:write files:read files:read')).toEqual([
      'files:read',
      'files:write',
    ]);
  });

  it('refuses a permission beyond the role, and an unknown one, with invalid_scope', () => {
    for (const scope of ['files:read accounts:write', 'openid']) {
      try {
        grantedPermissions('user', scope);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(OAuthError);
        expect((error as OAuthError).code).toBe('invalid_scope');
      }
    }
  });
});
