import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_CLIENT_IDS } from '@artstore/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identityEnv, localSecrets } from './local-secrets.mjs';
import { SERVICE_CLIENT_IDS as START_CLIENT_IDS, localTopology } from './topology.mjs';

const ADMIN_VARIABLES = [
  'ARTSTORE_KEY_ENCRYPTION_KEY',
  'ARTSTORE_INGESTER_CLIENT_SECRET',
  'ARTSTORE_QUERY_CLIENT_SECRET',
  'ARTSTORE_STORAGE_CLIENT_SECRET',
];
const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;

type Env = Record<string, string | undefined>;

let dataDir = '';
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'artstore-start-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const secretsFile = (): string => path.join(dataDir, 'secrets.json');
const stored = (): Record<string, unknown> =>
  JSON.parse(readFileSync(secretsFile(), 'utf8')) as Record<string, unknown>;

describe('localSecrets', () => {
  it('generates the key-encryption key and the three internal secrets once, readable only by the owner', () => {
    const secrets = localSecrets(dataDir, {});
    expect(Object.keys(secrets).sort()).toEqual([...ADMIN_VARIABLES].sort());
    for (const variable of ADMIN_VARIABLES) {
      expect(secrets[variable], variable).toMatch(BASE64URL_32_BYTES);
    }
    expect(new Set(Object.values(secrets)).size).toBe(ADMIN_VARIABLES.length);
    // The admin decodes the key as base64; base64url decodes to the same 32 bytes.
    expect(Buffer.from(secrets['ARTSTORE_KEY_ENCRYPTION_KEY'] ?? '', 'base64')).toHaveLength(32);
    expect(statSync(secretsFile()).mode & 0o777).toBe(0o600);
    expect(localSecrets(dataDir, {})).toEqual(secrets);
  });

  it('fills in a missing value without regenerating the others', () => {
    const first = localSecrets(dataDir, {});
    const { queryClientSecret: _dropped, ...rest } = stored();
    writeFileSync(secretsFile(), JSON.stringify(rest));
    const second = localSecrets(dataDir, {});
    expect(second['ARTSTORE_KEY_ENCRYPTION_KEY']).toBe(first['ARTSTORE_KEY_ENCRYPTION_KEY']);
    expect(second['ARTSTORE_INGESTER_CLIENT_SECRET']).toBe(first['ARTSTORE_INGESTER_CLIENT_SECRET']);
    expect(second['ARTSTORE_QUERY_CLIENT_SECRET']).not.toBe(first['ARTSTORE_QUERY_CLIENT_SECRET']);
    expect(stored()['queryClientSecret']).toBe(second['ARTSTORE_QUERY_CLIENT_SECRET']);
  });

  it('takes a value from the environment over the stored one, without storing it', () => {
    const first = localSecrets(dataDir, {});
    const key = Buffer.alloc(32, 7).toString('base64');
    const secrets = localSecrets(dataDir, { ARTSTORE_KEY_ENCRYPTION_KEY: key });
    expect(secrets['ARTSTORE_KEY_ENCRYPTION_KEY']).toBe(key);
    expect(stored()['keyEncryptionKey']).toBe(first['ARTSTORE_KEY_ENCRYPTION_KEY']);
  });

  it('refuses a broken file instead of replacing the key it holds', () => {
    writeFileSync(secretsFile(), '{"keyEncryptionKey": "abc');
    expect(() => localSecrets(dataDir, {})).toThrow(/fix or restore it/);
    expect(readFileSync(secretsFile(), 'utf8')).toBe('{"keyEncryptionKey": "abc');
  });

  it('refuses a key that is not 32 bytes and a secret shorter than 32 characters', () => {
    expect(() => localSecrets(dataDir, { ARTSTORE_KEY_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(
      'ARTSTORE_KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded',
    );
    expect(() => localSecrets(dataDir, { ARTSTORE_QUERY_CLIENT_SECRET: 'short' })).toThrow(
      'ARTSTORE_QUERY_CLIENT_SECRET must be at least 32 characters',
    );
  });
});

describe('identityEnv', () => {
  const credentials = { clientId: 'artstore-admin', clientSecret: 'b'.repeat(43) };

  it('uses the client ids the admin seeds', () => {
    expect(START_CLIENT_IDS).toEqual(SERVICE_CLIENT_IDS);
  });

  it("gives each service the secret the admin seeds for that service's client id", () => {
    const secrets = localSecrets(dataDir, {});
    const topology = localTopology({ ARTSTORE_DATA_DIR: dataDir, ADMIN_PORT: '18000' });
    const [admin, ...others] = topology.services;
    if (admin === undefined) {
      throw new Error('no admin in the topology');
    }
    const adminEnv: Env = { ...admin.env, ...identityEnv(admin, credentials, secrets) };
    expect(adminEnv).toMatchObject({
      ...secrets,
      ARTSTORE_BOOTSTRAP_CLIENT_ID: credentials.clientId,
      ARTSTORE_BOOTSTRAP_CLIENT_SECRET: credentials.clientSecret,
      ARTSTORE_ISSUER: 'http://localhost:18000',
    });
    expect(others).toHaveLength(5);
    for (const service of others) {
      const env: Env = { ...service.env, ...identityEnv(service, credentials, secrets) };
      const account = Object.entries(SERVICE_CLIENT_IDS).find(([, id]) => id === env['ARTSTORE_CLIENT_ID']);
      expect(account, `${service.name} client id`).toBeDefined();
      expect(env['ARTSTORE_CLIENT_SECRET'], service.name).toBe(
        adminEnv[`ARTSTORE_${account?.[0].toUpperCase()}_CLIENT_SECRET`],
      );
      expect(env, service.name).toMatchObject({
        ARTSTORE_ISSUER: adminEnv['ARTSTORE_ISSUER'],
        ARTSTORE_ADMIN_URL: admin.url,
      });
      expect(env, `${service.name} must not see the admin's key`).not.toHaveProperty(
        'ARTSTORE_KEY_ENCRYPTION_KEY',
      );
    }
    const storage = others.filter((service) => service.app === 'storage-element');
    expect(storage.map((service) => service.env['ARTSTORE_CLIENT_ID'])).toEqual([
      SERVICE_CLIENT_IDS.storage,
      SERVICE_CLIENT_IDS.storage,
      SERVICE_CLIENT_IDS.storage,
    ]);
  });
});
