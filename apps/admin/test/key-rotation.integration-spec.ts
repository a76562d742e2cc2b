import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SigningKeyView } from '@artstore/contracts';
import { startAdmin, type AdminUnderTest } from './admin-under-test';
import { IdentityClient } from './identity-clients';

let admin: AdminUnderTest;
let client: IdentityClient;

beforeAll(async () => {
  admin = await startAdmin({
    // The verifiers below cache the JWKS for 500 ms, so a 2 s lead is ample.
    SIGNING_KEY_PUBLISH_LEAD_S: '2',
    TOKEN_RATE_LIMIT_PER_MINUTE: '100000',
    TOKEN_RATE_LIMIT_BURST: '100000',
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_BURST: '100000',
  });
  client = new IdentityClient(admin.url);
});

afterAll(async () => {
  await admin?.close();
});

describe('signing key rotation', () => {
  it('rotates under load with zero verification failures, at the admin and at a remote verifier', async () => {
    const { clientId, clientSecret } = admin.bootstrap;
    const adminToken = await client.token(clientId, clientSecret);
    const before = (await (await client.call('GET', '/api/v1/signing-keys', adminToken)).json()) as {
      items: SigningKeyView[];
    };
    const firstKid = before.items.find((key) => key.status === 'active')?.kid;
    expect(firstKid).toBeDefined();

    // A verifier in another service: remote JWKS, cached briefly.
    const remoteKeys = createRemoteJWKSet(new URL(`${admin.url}/.well-known/jwks.json`), {
      cacheMaxAge: 500,
      cooldownDuration: 200,
    });
    const failures: string[] = [];
    const kidsSeen = new Set<string>();
    let requests = 0;
    const deadline = Date.now() + 6_000;
    const worker = async () => {
      while (Date.now() < deadline) {
        const token = await client.token(clientId, clientSecret);
        kidsSeen.add(decodeProtectedHeader(token).kid ?? '');
        try {
          await jwtVerify(token, remoteKeys, {
            issuer: admin.url,
            audience: 'ingester',
            typ: 'at+jwt',
            algorithms: ['RS256'],
          });
        } catch (error) {
          failures.push(`remote: ${String(error)}`);
        }
        const response = await client.call('GET', '/api/v1/signing-keys', token);
        if (response.status !== 200) {
          failures.push(`admin: ${response.status}`);
        }
        await response.arrayBuffer();
        requests += 1;
      }
    };
    const load = Promise.all([worker(), worker(), worker(), worker()]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rotation = await client.call('POST', '/api/v1/signing-keys/rotate', adminToken);
    expect(rotation.status).toBe(201);
    const next = (await rotation.json()) as SigningKeyView;
    expect(next.status).toBe('next');
    await load;

    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(50);
    expect(kidsSeen).toEqual(new Set([firstKid, next.kid]));

    const after = (await (await client.call('GET', '/api/v1/signing-keys', adminToken)).json()) as {
      items: SigningKeyView[];
    };
    expect(after.items.find((key) => key.kid === next.kid)?.status).toBe('active');
    const retired = after.items.find((key) => key.kid === firstKid);
    expect(retired?.status).toBe('retired');
    expect(retired?.unpublish_at).not.toBeNull();
    const jwks = (await (await fetch(`${admin.url}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    expect(jwks.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([firstKid, next.kid]));
  });

  it('keeps private keys encrypted at rest', async () => {
    const pg = await import('pg');
    const connection = new pg.default.Client({ connectionString: admin.database.url });
    await connection.connect();
    try {
      const { rows } = await connection.query<{ private_key_encrypted: Buffer }>(
        'SELECT private_key_encrypted FROM signing_keys',
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        // A PKCS#8 RSA key in DER starts with a SEQUENCE header; ciphertext must not.
        expect(row.private_key_encrypted.subarray(0, 2).toString('hex')).not.toBe('3082');
      }
    } finally {
      await connection.end();
    }
  });
});
