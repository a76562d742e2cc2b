import { describe, expect, it } from 'vitest';
import { OAuthError } from './oauth.errors';
import { parseTokenRequest } from './token-request';

const FORM = 'application/x-www-form-urlencoded';

function basic(id: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

function refusal(run: () => unknown): OAuthError {
  try {
    run();
  } catch (error) {
    if (error instanceof OAuthError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an OAuthError');
}

describe(parseTokenRequest.name, () => {
  it('reads client_secret_basic, form-url-decoding both halves after splitting at the first colon', () => {
    const request = parseTokenRequest({
      authorization: basic('my client', 'p:a%ss+w rd'),
      contentType: FORM,
      body: { grant_type: 'client_credentials' },
    });
    expect(request).toEqual({
      clientId: 'my client',
      clientSecret: 'p:a%ss+w rd',
      method: 'client_secret_basic',
      scope: undefined,
    });
  });

  it('reads client_secret_post with a scope', () => {
    const request = parseTokenRequest({
      authorization: undefined,
      contentType: `${FORM}; charset=utf-8`,
      body: { grant_type: 'client_credentials', client_id: 'c1', client_secret: 's1', scope: 'files:read' },
    });
    expect(request).toMatchObject({
      clientId: 'c1',
      clientSecret: 's1',
      method: 'client_secret_post',
      scope: 'files:read',
    });
  });

  it('accepts the original JSON body without grant_type', () => {
    const request = parseTokenRequest({
      authorization: undefined,
      contentType: 'application/json',
      body: { client_id: 'c1', client_secret: 's1' },
    });
    expect(request.method).toBe('json');
  });

  it('refuses a missing grant_type with invalid_request and another grant with unsupported_grant_type', () => {
    expect(
      refusal(() => parseTokenRequest({ authorization: undefined, contentType: FORM, body: {} })).code,
    ).toBe('invalid_request');
    const error = refusal(() =>
      parseTokenRequest({
        authorization: basic('a', 'b'),
        contentType: FORM,
        body: { grant_type: 'password' },
      }),
    );
    expect(error.code).toBe('unsupported_grant_type');
    expect(error.status).toBe(400);
  });

  it('refuses both authentication methods at once', () => {
    const error = refusal(() =>
      parseTokenRequest({
        authorization: basic('a', 'b'),
        contentType: FORM,
        body: { grant_type: 'client_credentials', client_secret: 'b' },
      }),
    );
    expect(error.code).toBe('invalid_request');
  });

  it('answers missing credentials with invalid_client and malformed Basic with a Basic challenge', () => {
    const missing = refusal(() =>
      parseTokenRequest({
        authorization: undefined,
        contentType: FORM,
        body: { grant_type: 'client_credentials' },
      }),
    );
    expect([missing.code, missing.status, missing.basicAttempted]).toEqual(['invalid_client', 401, false]);
    for (const authorization of [
      'Basic !!!',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      'Basic',
    ]) {
      const error = refusal(() =>
        parseTokenRequest({ authorization, contentType: FORM, body: { grant_type: 'client_credentials' } }),
      );
      expect([error.code, error.basicAttempted]).toEqual(['invalid_client', true]);
    }
  });

  it('refuses repeated and non-string parameters and other media types', () => {
    expect(
      refusal(() =>
        parseTokenRequest({
          authorization: undefined,
          contentType: FORM,
          body: { grant_type: ['client_credentials', 'client_credentials'] },
        }),
      ).code,
    ).toBe('invalid_request');
    expect(
      refusal(() =>
        parseTokenRequest({
          authorization: undefined,
          contentType: 'application/json',
          body: { client_id: 5 },
        }),
      ).code,
    ).toBe('invalid_request');
    expect(
      refusal(() => parseTokenRequest({ authorization: undefined, contentType: 'text/plain', body: 'x' }))
        .code,
    ).toBe('invalid_request');
  });
});
