import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Runs the script compose's secrets-init runs (on alpine's busybox sh) with the host's POSIX sh,
// against a temp directory instead of the `secrets` volume.
const script = fileURLToPath(new URL('init-secrets.sh', import.meta.url));
const SECRET_FILES = ['artstore_bootstrap_client_secret', 'minio_root_password', 'postgres_password'];

let secretsDir = '';
beforeEach(() => {
  secretsDir = mkdtempSync(path.join(tmpdir(), 'artstore-secrets-'));
});
afterEach(() => {
  rmSync(secretsDir, { recursive: true, force: true });
});

function runInitSecrets(env: Record<string, string> = {}): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync('sh', [script], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', SECRETS_DIR: secretsDir, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const secret = (name: string): string => readFileSync(path.join(secretsDir, name), 'utf8');

describe('deploy/secrets/init-secrets.sh', () => {
  it('generates every secret as random hex, readable by the non-root apps', () => {
    const { status, stdout } = runInitSecrets();
    expect(status).toBe(0);
    expect(readdirSync(secretsDir).sort()).toEqual(SECRET_FILES);
    expect(secret('artstore_bootstrap_client_secret')).toMatch(/^[0-9a-f]{64}$/);
    expect(secret('postgres_password')).toMatch(/^[0-9a-f]{64}$/);
    // MinIO's own generated root passwords are at most 40 characters.
    expect(secret('minio_root_password')).toMatch(/^[0-9a-f]{40}$/);
    expect(new Set(SECRET_FILES.map(secret)).size).toBe(3);
    for (const file of SECRET_FILES) {
      expect(statSync(path.join(secretsDir, file)).mode & 0o777, file).toBe(0o644);
    }
    expect(stdout).toContain('client id:     artstore-admin');
    expect(stdout).toContain(`client secret: ${secret('artstore_bootstrap_client_secret')}`);
  });

  it('never replaces an existing secret, and prints the bootstrap secret only when it creates it', () => {
    runInitSecrets({ ARTSTORE_BOOTSTRAP_CLIENT_ID: 'ops-admin' });
    const before = SECRET_FILES.map(secret);
    const again = runInitSecrets({ ARTSTORE_BOOTSTRAP_CLIENT_ID: 'ops-admin' });
    expect(again.status).toBe(0);
    expect(SECRET_FILES.map(secret)).toEqual(before);
    expect(again.stdout).toContain('client id: ops-admin; secret unchanged');
    expect(again.stdout).not.toContain(before[0]);
  });

  it('writes the values given in the environment instead of random ones, without printing them', () => {
    const given = {
      ARTSTORE_BOOTSTRAP_CLIENT_SECRET: 'b'.repeat(40),
      POSTGRES_PASSWORD: 'pg password with spaces',
      MINIO_ROOT_PASSWORD: 'minio-pass',
    };
    const { status, stdout } = runInitSecrets(given);
    expect(status).toBe(0);
    expect(secret('artstore_bootstrap_client_secret')).toBe(given.ARTSTORE_BOOTSTRAP_CLIENT_SECRET);
    expect(secret('postgres_password')).toBe(given.POSTGRES_PASSWORD);
    expect(secret('minio_root_password')).toBe(given.MINIO_ROOT_PASSWORD);
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
