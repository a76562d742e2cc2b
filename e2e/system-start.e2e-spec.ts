import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, testInfra, waitFor, workspaceRoot } from '@artstore/testing';

const SERVICES = ['admin', 'se-01', 'se-02', 'se-03', 'ingester', 'query'] as const;
const PORT_VARIABLES = [
  'ADMIN_PORT',
  'SE_01_PORT',
  'SE_02_PORT',
  'SE_03_PORT',
  'INGESTER_PORT',
  'QUERY_PORT',
];

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  const databasePrefix = `artstore_smoke_${process.pid}_`;

  afterAll(async () => {
    const client = new pg.Client({ connectionString: testInfra.postgresAdminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${databasePrefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await client.end();
  });

  it('brings all six processes to ready, prints the banner, and stops cleanly on Ctrl-C', async () => {
    const ports = await Promise.all(PORT_VARIABLES.map(() => freePort()));
    const dataDir = mkdtempSync(path.join(tmpdir(), 'artstore-start-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ARTSTORE_DATA_DIR: dataDir,
      ARTSTORE_DATABASE_PREFIX: databasePrefix,
      ARTSTORE_POSTGRES_URL: testInfra.postgresAdminUrl,
      REDIS_URL: testInfra.redisUrl,
      LOG_FORMAT: 'json',
      ...Object.fromEntries(PORT_VARIABLES.map((variable, index) => [variable, String(ports[index])])),
    };
    const started = Date.now();
    const start = spawn(process.execPath, ['tools/start/start.mjs'], {
      cwd: workspaceRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    start.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => start.once('exit', (code) => resolve(code)));

    try {
      await waitFor(() => Promise.resolve(output.includes('Ctrl-C stops everything.')), 120_000, 200);
    } catch {
      throw new Error(`no banner within 120 s:\n${output.slice(-4000)}`);
    }
    const readyAfterMs = Date.now() - started;
    expect(readyAfterMs).toBeLessThan(120_000);
    expect(output).toContain('bootstrap admin client id:     artstore-admin');
    expect(output).toMatch(/bootstrap admin client secret: [A-Za-z0-9_-]{43}/);
    for (const [index, name] of SERVICES.entries()) {
      expect(output).toContain(`${name.padEnd(8)}  http://localhost:${ports[index]}`);
      const ready = await fetch(`http://127.0.0.1:${ports[index]}/health/ready`);
      expect(ready.status).toBe(200);
    }
    // The banner's credentials work, and so do the internal accounts the admin seeded.
    const secret = /bootstrap admin client secret: (\S+)/.exec(output)?.[1] ?? '';
    const adminUrl = `http://127.0.0.1:${ports[0]}`;
    const tokenFor = async (clientId: string, clientSecret: string) => {
      const response = await fetch(`${adminUrl}/api/v1/auth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const adminToken = await tokenFor('artstore-admin', secret);
    const accounts = await fetch(`${adminUrl}/api/v1/service-accounts`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(accounts.status).toBe(200);
    const internal = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<
      string,
      string
    >;
    await tokenFor('artstore-ingester', internal['ingesterClientSecret'] ?? '');

    const pids = /process ids: +([\d ]+)/.exec(output)?.[1]?.trim().split(' ').map(Number) ?? [];
    expect(pids).toHaveLength(6);

    start.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('all services stopped');
    for (const pid of pids) {
      expect(isRunning(pid)).toBe(false);
    }
    for (const port of ports) {
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    }
  }, 180_000);
});
