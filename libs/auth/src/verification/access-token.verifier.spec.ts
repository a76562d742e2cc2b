import { createHmac, createPublicKey } from 'node:crypto';
import {
  base64url,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CompactJWSHeaderParameters,
  type CryptoKey,
  type FlattenedJWSInput,
  type JWTPayload,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuthModuleOptions } from '../auth-module.options';
import { AuthError, AuthErrorCode } from '../errors/auth.errors';
import { VerificationKeySource } from '../keys/verification-key-source';
import { AccessTokenVerifier } from './access-token.verifier';

const ISSUER = 'http://issuer.test';

class LocalKeys extends VerificationKeySource {
  calls = 0;
  constructor(private readonly resolve: ((header: CompactJWSHeaderParameters) => Promise<CryptoKey>) | null) {
    super();
  }
  async getKey(header: CompactJWSHeaderParameters, _token: FlattenedJWSInput): Promise<CryptoKey> {
    this.calls += 1;
    if (!this.resolve) {
      throw AuthError.keysUnavailable();
    }
    return this.resolve(header);
  }
  ready(): boolean {
    return this.resolve !== null;
  }
}

let signingKey: CryptoKey;
let otherKey: CryptoKey;
let publicPem: string;
let keys: LocalKeys;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  publicPem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
  const jwks = createLocalJWKSet({ keys: [jwk] });
  keys = new LocalKeys((header) => jwks(header));
});

function claims(overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: ISSUER,
    sub: 'account-1',
    client_id: 'client-1',
    role: 'readonly',
    permissions: ['files:read', 'storage:read'],
    scope: 'files:read storage:read',
    aud: ['admin', 'storage', 'ingester', 'query'],
    iat: now,
    nbf: now,
    exp: now + 1800,
    jti: 'token-1',
    ...overrides,
  };
}

function aToken(
  overrides: JWTPayload = {},
  header: Partial<CompactJWSHeaderParameters> = {},
  key: CryptoKey = signingKey,
): Promise<string> {
  return new SignJWT(claims(overrides))
    .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt', ...header })
    .sign(key);
}

function encodeSegment(value: object): string {
  return base64url.encode(JSON.stringify(value));
}

function verifierWith(source: VerificationKeySource): AccessTokenVerifier {
  const options: AuthModuleOptions = {
    audience: 'query',
    issuer: ISSUER,
    keySource: { useValue: source },
    rateLimit: {
      client: { perMinute: 100, burst: 150 },
      tokenEndpoint: { perMinute: 30, burst: 60 },
      timeoutMs: 100,
    },
  };
  return new AccessTokenVerifier(source, options);
}

async function refusalOf(token: string, source: VerificationKeySource = keys): Promise<AuthError> {
  const error: unknown = await verifierWith(source)
    .verify(token)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe(AccessTokenVerifier.name, () => {
  describe('verify', () => {
    it('returns the principal a valid token names', async () => {
      await expect(verifierWith(keys).verify(await aToken())).resolves.toEqual({
        accountId: 'account-1',
        clientId: 'client-1',
        role: 'readonly',
        permissions: ['files:read', 'storage:read'],
        tokenId: 'token-1',
      });
    });

    it('accepts an audience given as a single string and a token 20 s expired (clock tolerance)', async () => {
      const now = Math.floor(Date.now() / 1000);
      await expect(
        verifierWith(keys).verify(await aToken({ aud: 'query', exp: now - 20 })),
      ).resolves.toBeDefined();
    });

    it('verifies a token once and then answers from its cache', async () => {
      const verifier = verifierWith(keys);
      const token = await aToken({ jti: 'cached' });
      const before = keys.calls;
      await verifier.verify(token);
      await verifier.verify(token);
      expect(keys.calls - before).toBe(1);
    });

    const now = () => Math.floor(Date.now() / 1000);
    const hostile: [string, () => Promise<string>, string][] = [
      ['an expired token', () => aToken({ exp: now() - 120 }), 'The access token has expired.'],
      ['a token not valid yet', () => aToken({ nbf: now() + 120 }), 'The access token is not valid yet.'],
      [
        'another issuer',
        () => aToken({ iss: 'http://evil.test' }),
        'The access token comes from another issuer.',
      ],
      [
        'another audience',
        () => aToken({ aud: ['admin'] }),
        'The access token is not meant for this service.',
      ],
      ['another typ', () => aToken({}, { typ: 'JWT' }), 'The access token is not of type at+jwt.'],
      [
        'an unknown kid',
        () => aToken({}, { kid: 'k-unknown' }),
        'The access token is signed with an unknown key.',
      ],
      ['no kid', () => aToken({}, { kid: undefined }), 'The access token names no signing key.'],
      [
        'another key under a known kid',
        () => aToken({}, {}, otherKey),
        'The access token signature is invalid.',
      ],
      [
        'a missing jti',
        () => aToken({ jti: undefined }),
        'The access token lacks a required claim or has an invalid one.',
      ],
      ['an unknown role', () => aToken({ role: 'root' }), 'The access token carries an unknown role.'],
      [
        'an unknown permission',
        () => aToken({ permissions: ['files:read', 'everything'] }),
        'The access token carries an unknown permission.',
      ],
      [
        'permissions that are not a list',
        () => aToken({ permissions: 'files:read' }),
        'The access token carries an unknown permission.',
      ],
      [
        'an empty client_id',
        () => aToken({ client_id: '' }),
        'The access token names no subject, client or token id.',
      ],
      [
        'alg none',
        () => Promise.resolve(`${encodeSegment({ alg: 'none', typ: 'at+jwt' })}.${encodeSegment(claims())}.`),
        'The access token is not signed with RS256.',
      ],
      [
        'HS256 signed with the public key as the secret',
        () => {
          const input = `${encodeSegment({ alg: 'HS256', kid: 'k1', typ: 'at+jwt' })}.${encodeSegment(claims())}`;
          return Promise.resolve(
            `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`,
          );
        },
        'The access token is not signed with RS256.',
      ],
      [
        'a tampered payload',
        async () => {
          const [header, , signature] = (await aToken()).split('.');
          return `${header}.${encodeSegment(claims({ role: 'admin', permissions: ['files:write'] }))}.${signature}`;
        },
        'The access token signature is invalid.',
      ],
      [
        'a header that is not JSON',
        () => Promise.resolve(`bm90LWpzb24.${encodeSegment(claims())}.c2ln`),
        'The access token is malformed.',
      ],
      [
        'a payload that is not an object',
        () => {
          const header = encodeSegment({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' });
          return Promise.resolve(`${header}.${base64url.encode('[1,2]')}.c2ln`);
        },
        'The access token signature is invalid.',
      ],
    ];

    it.each(hostile)('refuses %s as invalid_token', async (_name, token, description) => {
      const refusal = await refusalOf(await token());
      expect(refusal.code).toBe(AuthErrorCode.InvalidToken);
      expect(refusal.message).toBe(description);
    });

    it('fails closed while the key source has no keys', async () => {
      const refusal = await refusalOf(await aToken(), new LocalKeys(null));
      expect(refusal.code).toBe(AuthErrorCode.KeysUnavailable);
    });

    it('never asks the key source about a token with a foreign algorithm', async () => {
      const source = new LocalKeys(null);
      await refusalOf(
        `${encodeSegment({ alg: 'HS256', kid: 'k1' })}.${encodeSegment(claims())}.c2ln`,
        source,
      );
      expect(source.calls).toBe(0);
    });
  });
});
