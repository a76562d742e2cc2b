import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { base64url, SignJWT, type JWTPayload } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, SERVICE_AUDIENCES } from '@artstore/contracts';
import { deriveKey } from '../src/crypto/derive-key';
import { KeyEncryption } from '../src/crypto/key-encryption';
import { startAdmin, type AdminUnderTest } from './admin-under-test';

let admin: AdminUnderTest;
let signingKey: { kid: string; privateKey: KeyObject; publicPem: string };

beforeAll(async () => {
  admin = await startAdmin();
  // The admin's own signing key, read back the way only someone holding the encryption key could.
  const connection = new pg.Client({ connectionString: admin.database.url });
  await connection.connect();
  try {
    const { rows } = await connection.query<{ kid: string; private_key_encrypted: Buffer }>(
      'SELECT kid, private_key_encrypted FROM signing_keys ORDER BY activates_at DESC LIMIT 1',
    );
    const row = rows[0];
    if (!row) {
      throw new Error('the admin has no signing key');
    }
    const encryption = new KeyEncryption(deriveKey(admin.keyEncryptionKey, 'signing key encryption'));
    const der = encryption.decrypt(row.private_key_encrypted, row.kid);
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const publicPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
    signingKey = { kid: row.kid, privateKey, publicPem };
  } finally {
    await connection.end();
  }
});

afterAll(async () => {
  await admin?.close();
});

function claims(overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: admin.url,
    sub: randomUUID(),
    client_id: 'forger',
    role: 'admin',
    permissions: [...ROLE_PERMISSIONS.admin],
    scope: ROLE_PERMISSIONS.admin.join(' '),
    aud: [...SERVICE_AUDIENCES],
    iat: now,
    nbf: now,
    exp: now + 600,
    jti: randomUUID(),
    ...overrides,
  };
}

function sign(
  payload: JWTPayload,
  header: Record<string, unknown> = {},
  key: KeyObject = signingKey.privateKey,
) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid, typ: 'at+jwt', ...header })
    .sign(key);
}

const segment = (value: object) => base64url.encode(JSON.stringify(value));

async function call(authorization: string): Promise<Response> {
  return fetch(`${admin.url}/api/v1/service-accounts`, { headers: { authorization } });
}

async function expectInvalidToken(authorization: string): Promise<void> {
  const response = await call(authorization);
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
}

describe('hostile tokens at the admin', () => {
  it('accepts a well-formed token signed with its key (the forgeries below differ in one point each)', async () => {
    expect((await call(`Bearer ${await sign(claims())}`)).status).toBe(200);
  });

  it('refuses alg none', async () => {
    const token = `${segment({ alg: 'none', typ: 'at+jwt', kid: signingKey.kid })}.${segment(claims())}.`;
    await expectInvalidToken(`Bearer ${token}`);
  });

  it('refuses HS256 signed with the public key as the secret', async () => {
    const secret = new TextEncoder().encode(signingKey.publicPem);
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: signingKey.kid, typ: 'at+jwt' })
      .sign(secret);
    await expectInvalidToken(`Bearer ${token}`);
  });

  it('refuses an unknown kid and a known kid signed with another key', async () => {
    const { privateKey: other } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expectInvalidToken(`Bearer ${await sign(claims(), { kid: 'not-a-key' }, other)}`);
    await expectInvalidToken(`Bearer ${await sign(claims(), {}, other)}`);
  });

  it('refuses expired, not-yet-valid, wrong issuer, wrong audience and wrong typ', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectInvalidToken(
      `Bearer ${await sign(claims({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 }))}`,
    );
    await expectInvalidToken(`Bearer ${await sign(claims({ nbf: now + 3600 }))}`);
    await expectInvalidToken(`Bearer ${await sign(claims({ iss: 'https://evil.example' }))}`);
    await expectInvalidToken(`Bearer ${await sign(claims({ aud: ['query'] }))}`);
    await expectInvalidToken(`Bearer ${await sign(claims(), { typ: 'JWT' })}`);
  });

  it('refuses a tampered payload, garbage and a 16 KiB header, never with a 500', async () => {
    const [header, , signature] = (
      await sign(claims({ role: 'readonly', permissions: ['files:read'] }))
    ).split('.');
    await expectInvalidToken(`Bearer ${header}.${segment(claims())}.${signature}`);
    await expectInvalidToken('Bearer abc.def.ghi');
    await expectInvalidToken('Bearer not-a-jwt');
    await expectInvalidToken(`Bearer ${'a'.repeat(16 * 1024)}`);
  });
});
