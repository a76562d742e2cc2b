import { describe, expect, it } from 'vitest';
import { DomainError } from '@artstore/platform';
import { mapAuthError } from './auth-error.mapper';
import { AuthError } from './auth.errors';

class OtherError extends DomainError<'other'> {
  constructor() {
    super('other', 'other');
  }
}

describe('mapAuthError', () => {
  it('challenges a request without a token with the bare realm', () => {
    expect(mapAuthError(AuthError.missingToken())).toEqual({
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm="artstore"' },
    });
  });

  it('names invalid_token and a description', () => {
    expect(mapAuthError(AuthError.invalidToken('The access token has expired.'))).toEqual({
      status: 401,
      headers: {
        'WWW-Authenticate':
          'Bearer realm="artstore", error="invalid_token", error_description="The access token has expired."',
      },
    });
  });

  it('keeps the description a valid quoted-string', () => {
    const header = mapAuthError(AuthError.invalidToken('bad "quote" \\ and\nline'))?.headers?.[
      'WWW-Authenticate'
    ];
    expect(header).toBe(
      'Bearer realm="artstore", error="invalid_token", error_description="bad quote  andline"',
    );
  });

  it('answers a missing permission with 403 insufficient_scope and every required permission', () => {
    expect(mapAuthError(AuthError.insufficientScope(['files:read', 'files:write']))).toEqual({
      status: 403,
      headers: {
        'WWW-Authenticate':
          'Bearer realm="artstore", error="insufficient_scope", scope="files:read files:write"',
      },
    });
  });

  it('fails closed with 503 and Retry-After while no keys are loaded', () => {
    expect(mapAuthError(AuthError.keysUnavailable())).toEqual({
      status: 503,
      headers: { 'Retry-After': '5' },
    });
  });

  it('refuses an undeclared route with 403', () => {
    expect(mapAuthError(AuthError.routeAccessUndeclared())).toEqual({ status: 403 });
  });

  it('leaves missing service credentials to the 500 path and other errors to other mappers', () => {
    expect(mapAuthError(AuthError.serviceCredentialsMissing('artstore-query'))).toBeUndefined();
    expect(mapAuthError(new OtherError())).toBeUndefined();
  });
});
