import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Runs the script compose's secrets-init runs (on alpine's busybox sh) with the host's POSIX sh,
// against temp directories instead of the `secrets` and `admin-secrets` volumes.
const script = fileURLToPath(new URL('init-secrets.sh', import.meta.url));
const INTERNAL_SECRET_FILES = [
  'artstore_ingester_client_secret',
  'artstore_query_client_secret',
  'artstore_storage_client_secret',
];
const SECRET_FILES = [
  'artstore_bootstrap_client_secret',
  ...INTERNAL_SECRET_FILES,
  'minio_root_password',
  'postgres_password',
];
const KEY_FILE = 'artstore_key_encryption_key';
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

let rootDir = '';
let secretsDir = '';
let adminSecretsDir = '';
beforeEach(() => {
  rootDir = mkdtempSync(path.join(tmpdir(), 'artstore-secrets-'));
  secretsDir = path.join(rootDir, 'secrets');
  adminSecretsDir = path.join(rootDir, 'admin-secrets');
});
afterEach(() => {
  rmSync(rootDir, { recursive: true, force: true });
});

function runInitSecrets(env: Record<string, string> = {}): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync('sh', [script], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      SECRETS_DIR: secretsDir,
      ADMIN_SECRETS_DIR: adminSecretsDir,
      ...env,
    },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const secret = (name: string): string => readFileSync(path.join(secretsDir, name), 'utf8');
const key = (): string => readFileSync(path.join(adminSecretsDir, KEY_FILE), 'utf8');

describe('deploy/secrets/init-secrets.sh', () => {
  it('generates every secret as random hex, readable by the non-root apps', () => {
    const { status, stdout } = runInitSecrets();
    expect(status).toBe(0);
    expect(readdirSync(secretsDir).sort()).toEqual(SECRET_FILES);
    expect(secret('artstore_bootstrap_client_secret')).toMatch(/^[0-9a-f]{64}$/);
    expect(secret('postgres_password')).toMatch(/^[0-9a-f]{64}$/);
    // MinIO's own generated root passwords are at most 40 characters.
    expect(secret('minio_root_password')).toMatch(/^[0-9a-f]{40}$/);
    for (const file of INTERNAL_SECRET_FILES) {
      expect(secret(file), file).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(SECRET_FILES.map(secret)).size).toBe(SECRET_FILES.length);
    for (const file of SECRET_FILES) {
      expect(statSync(path.join(secretsDir, file)).mode & 0o777, file).toBe(0o644);
    }
    expect(stdout).toContain('client id:     artstore-admin');
    expect(stdout).toContain(`client secret: ${secret('artstore_bootstrap_client_secret')}`);
  });

  it("puts the admin's key-encryption key, 32 random bytes in base64, apart from the shared secrets", () => {
    const { status, stdout } = runInitSecrets();
    expect(status).toBe(0);
    expect(readdirSync(adminSecretsDir)).toEqual([KEY_FILE]);
    expect(readdirSync(secretsDir)).not.toContain(KEY_FILE);
    expect(key()).toMatch(BASE64_32_BYTES);
    expect(Buffer.from(key(), 'base64')).toHaveLength(32);
    expect(statSync(path.join(adminSecretsDir, KEY_FILE)).mode & 0o777).toBe(0o644);
    expect(stdout).toContain(`${KEY_FILE} generated`);
    expect(stdout).toContain('back up');
    expect(stdout).not.toContain(key());
  });

  it('never replaces the key-encryption key, and refuses a different one from the environment', () => {
    runInitSecrets();
    const before = key();
    expect(runInitSecrets().status).toBe(0);
    expect(key()).toBe(before);
    const other = Buffer.alloc(32, 1).toString('base64');
    const { status, stderr } = runInitSecrets({ ARTSTORE_KEY_ENCRYPTION_KEY: other });
    expect(status).toBe(1);
    expect(stderr).toContain('ARTSTORE_KEY_ENCRYPTION_KEY differs from the key already in');
    // Unlike the other secrets, removing the old key is never the way out.
    expect(stderr).not.toContain(' rm ');
    expect(stderr).not.toContain(before);
    expect(key()).toBe(before);
  });

  it('refuses a key-encryption key from the environment that is not 32 bytes of base64', () => {
    for (const bad of ['too-short', 'a'.repeat(64), `${'a'.repeat(42)}!=`]) {
      const { status, stderr } = runInitSecrets({ ARTSTORE_KEY_ENCRYPTION_KEY: bad });
      expect(status, bad).toBe(1);
      expect(stderr, bad).toContain('ARTSTORE_KEY_ENCRYPTION_KEY must be 32 random bytes, base64-encoded');
      expect(stderr, bad).not.toContain(bad);
    }
    expect(readdirSync(adminSecretsDir)).toEqual([]);
    for (const good of [Buffer.alloc(32, 2).toString('base64'), Buffer.alloc(32, 3).toString('base64url')]) {
      rmSync(path.join(adminSecretsDir, KEY_FILE), { force: true });
      expect(runInitSecrets({ ARTSTORE_KEY_ENCRYPTION_KEY: good }).status, good).toBe(0);
      expect(key()).toBe(good);
    }
  });

  it('refuses a client secret from the environment shorter than the 32 characters the admin requires', () => {
    for (const variable of [
      'ARTSTORE_BOOTSTRAP_CLIENT_SECRET',
      'ARTSTORE_INGESTER_CLIENT_SECRET',
      'ARTSTORE_QUERY_CLIENT_SECRET',
      'ARTSTORE_STORAGE_CLIENT_SECRET',
    ]) {
      rmSync(secretsDir, { recursive: true, force: true });
      const { status, stderr } = runInitSecrets({ [variable]: 'x'.repeat(31) });
      expect(status, variable).toBe(1);
      expect(stderr, variable).toContain(`${variable} must be at least 32 characters`);
      expect(readdirSync(secretsDir), variable).not.toContain(variable.toLowerCase());
    }
    rmSync(secretsDir, { recursive: true, force: true });
    expect(runInitSecrets({ ARTSTORE_QUERY_CLIENT_SECRET: 'x'.repeat(32) }).status).toBe(0);
  });

  it('never replaces an existing secret, and prints the bootstrap secret only when it creates it', () => {
    runInitSecrets({ ARTSTORE_BOOTSTRAP_CLIENT_ID: 'ops-admin' });
    const before = SECRET_FILES.map(secret);
    const again = runInitSecrets({ ARTSTORE_BOOTSTRAP_CLIENT_ID: 'ops-admin' });
    expect(again.status).toBe(0);
    expect(SECRET_FILES.map(secret)).toEqual(before);
    expect(again.stdout).not.toContain('generated');
    expect(again.stdout).toContain('client id: ops-admin; secret unchanged');
    expect(again.stdout).not.toContain(before[0]);
  });

  it('writes the values given in the environment instead of random ones, without printing them', () => {
    const given = {
      ARTSTORE_BOOTSTRAP_CLIENT_SECRET: 'b'.repeat(40),
      POSTGRES_PASSWORD: 'pg password with spaces',
      MINIO_ROOT_PASSWORD: 'minio-pass',
      ARTSTORE_INGESTER_CLIENT_SECRET: 'i'.repeat(32),
      ARTSTORE_QUERY_CLIENT_SECRET: 'q'.repeat(32),
      ARTSTORE_STORAGE_CLIENT_SECRET: 's'.repeat(32),
      ARTSTORE_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    };
    const { status, stdout } = runInitSecrets(given);
    expect(status).toBe(0);
    expect(secret('artstore_bootstrap_client_secret')).toBe(given.ARTSTORE_BOOTSTRAP_CLIENT_SECRET);
    expect(secret('postgres_password')).toBe(given.POSTGRES_PASSWORD);
    expect(secret('minio_root_password')).toBe(given.MINIO_ROOT_PASSWORD);
    expect(secret('artstore_ingester_client_secret')).toBe(given.ARTSTORE_INGESTER_CLIENT_SECRET);
    expect(secret('artstore_query_client_secret')).toBe(given.ARTSTORE_QUERY_CLIENT_SECRET);
    expect(secret('artstore_storage_client_secret')).toBe(given.ARTSTORE_STORAGE_CLIENT_SECRET);
    expect(key()).toBe(given.ARTSTORE_KEY_ENCRYPTION_KEY);
    for (const value of Object.values(given)) {
      expect(stdout).not.toContain(value);
    }
    // The same values again are fine.
    expect(runInitSecrets(given).status).toBe(0);
  });

  it('fills in only the missing secrets', () => {
    runInitSecrets();
    const postgres = secret('postgres_password');
    rmSync(path.join(secretsDir, 'minio_root_password'));
    const { status, stdout } = runInitSecrets({ MINIO_ROOT_PASSWORD: 'minio-pass' });
    expect(status).toBe(0);
    expect(secret('postgres_password')).toBe(postgres);
    expect(secret('minio_root_password')).toBe('minio-pass');
    expect(stdout).toContain('minio_root_password from-env');
  });

  it('refuses an environment value that differs from an existing secret, keeping the secret', () => {
    runInitSecrets();
    const postgres = secret('postgres_password');
    const { status, stderr } = runInitSecrets({ POSTGRES_PASSWORD: 'a-new-password' });
    expect(status).toBe(1);
    expect(stderr).toContain('POSTGRES_PASSWORD differs from the secret already in');
    expect(stderr).not.toContain(postgres);
    expect(stderr).not.toContain('a-new-password');
    expect(secret('postgres_password')).toBe(postgres);
  });

  it('replaces an empty file left behind', () => {
    runInitSecrets();
    writeFileSync(path.join(secretsDir, 'postgres_password'), '');
    expect(runInitSecrets().status).toBe(0);
    expect(secret('postgres_password')).toMatch(/^[0-9a-f]{64}$/);
  });
});
