import { describe, expect, it } from 'vitest';
import { AuthError, AuthErrorCode } from '../errors/auth.errors';
import { bearerTokenOf, MAX_AUTHORIZATION_BYTES } from './bearer-token';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

function refusalOf(authorization: string | string[] | undefined): AuthError {
  try {
    bearerTokenOf(authorization);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    return error as AuthError;
  }
  throw new Error('expected a refusal');
}

describe(bearerTokenOf.name, () => {
  it('takes the token out of a Bearer header, whatever the scheme case', () => {
    expect(bearerTokenOf(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerTokenOf(`bearer  ${TOKEN}`)).toBe(TOKEN);
  });

  it('reports a missing header as a missing token', () => {
    expect(refusalOf(undefined).code).toBe(AuthErrorCode.MissingToken);
    expect(refusalOf('').code).toBe(AuthErrorCode.MissingToken);
  });

  it.each([
    ['another scheme', `Basic ${TOKEN}`],
    ['no token', 'Bearer '],
    ['two segments', 'Bearer aaa.bbb'],
    ['four segments', 'Bearer aaa.bbb.ccc.ddd'],
    ['an empty segment', 'Bearer aaa..ccc'],
    ['characters outside base64url', 'Bearer aa+a.bbb.ccc'],
    ['two tokens', `Bearer ${TOKEN} ${TOKEN}`],
    ['a header over the limit', `Bearer ${'a'.repeat(MAX_AUTHORIZATION_BYTES)}.b.c`],
  ])('refuses %s as an invalid token', (_name, header) => {
    expect(refusalOf(header).code).toBe(AuthErrorCode.InvalidToken);
  });

  it('refuses a repeated Authorization header', () => {
    expect(refusalOf([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]).code).toBe(AuthErrorCode.InvalidToken);
  });

  it('never quotes the header in its message', () => {
    expect(refusalOf('Bearer secret-looking-value').message).not.toContain('secret-looking-value');
  });
});
