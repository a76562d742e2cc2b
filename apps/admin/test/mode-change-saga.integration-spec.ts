import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STORAGE_ELEMENTS_CONFIG_KEY,
  type StorageElementInfo,
  type StorageElementRecord,
  type StorageElementsConfig,
} from '@artstore/contracts';
import {
  buildTestBundle,
  createTestDatabase,
  freePort,
  hostAndPort,
  spawnService,
  TcpProxy,
  testInfra,
  waitFor,
  waitForOk,
  type ServiceProcess,
  type TestDatabase,
  StorageElementProcess,
} from '@artstore/testing';
import { startAdmin, type AdminUnderTest } from './admin-under-test';
import { IdentityClient } from './identity-clients';

const storageSecret = randomBytes(32).toString('base64url');

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function modeOf(element: StorageElementProcess): Promise<string> {
  return (await json<StorageElementInfo>(await fetch(`${element.url}/api/v1/info`))).mode;
}

async function publishedMode(redis: Redis, prefix: string, id: string): Promise<string | undefined> {
  const raw = await redis.get(`${prefix}${STORAGE_ELEMENTS_CONFIG_KEY}`);
  const config = raw ? (JSON.parse(raw) as StorageElementsConfig) : undefined;
  return config?.elements.find((element) => element.id === id)?.mode;
}

async function sagaRows(databaseUrl: string): Promise<{ status: string; type: string }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ status: string; type: string }>('SELECT status, type FROM sagas')).rows;
  } finally {
    await client.end();
  }
}

describe('mode change saga: Redis unreachable after the element step', () => {
  let admin: AdminUnderTest;
  let redisProxy: TcpProxy;
  let element: StorageElementProcess;
  let client: IdentityClient;
  let token: string;
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    redisProxy = await TcpProxy.start(hostAndPort(testInfra.redisUrl));
    admin = await startAdmin({
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      ARTSTORE_STORAGE_CLIENT_SECRET: storageSecret,
      ELEMENT_POLL_INTERVAL_MS: '300',
      MODE_CHANGE_WAIT_MS: '1500',
    });
    prefix = `test:${admin.database.name}:`;
    client = new IdentityClient(admin.url);
    token = await client.token(admin.bootstrap.clientId, admin.bootstrap.clientSecret);
    element = await StorageElementProcess.start({
      id: 'se-redis',
      mode: 'rw',
      adminUrl: admin.url,
      clientSecret: storageSecret,
    });
    redis = new Redis(testInfra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    await waitFor(async () => (await publishedMode(redis, prefix, 'se-redis')) === 'rw', 10_000);
  }, 90_000);

  afterAll(async () => {
    redis?.disconnect();
    await element?.remove();
    await admin?.close();
    await redisProxy?.close();
  });

  it('answers 202 with element and registry agreeing, and publishes once Redis is back', async () => {
    redisProxy.cut();
    const response = await client.call('POST', '/api/v1/storage-elements/se-redis/mode', token, {
      mode: 'ro',
      reason: 'retire the element',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('artstore-saga-id')).toBeTruthy();
    expect((await json<StorageElementRecord>(response)).mode).toBe('ro');
    expect(await modeOf(element)).toBe('ro');
    const registry = await json<StorageElementRecord>(
      await client.call('GET', '/api/v1/storage-elements/se-redis', token),
    );
    expect(registry.mode).toBe('ro');
    expect(await publishedMode(redis, prefix, 'se-redis')).toBe('rw');

    redisProxy.restore();
    await waitFor(async () => (await publishedMode(redis, prefix, 'se-redis')) === 'ro', 15_000);
    await waitFor(
      async () => (await sagaRows(admin.database.url)).every((row) => row.status === 'completed'),
      15_000,
    );
  });
});

describe('mode change saga: the admin crashes right after the element step', () => {
  let database: TestDatabase;
  let element: StorageElementProcess;
  let redis: Redis;
  let adminUrl: string;
  let env: Record<string, string>;
  let running: ServiceProcess | undefined;

  const startAdminProcess = async (extra: Record<string, string>): Promise<ServiceProcess> => {
    const started = spawnService('admin', { ...env, ...extra }, { testBundle: true });
    await waitForOk(`${adminUrl}/health/ready`, 30_000, () => started.output());
    return started;
  };

  beforeAll(async () => {
    await buildTestBundle('admin');
    database = await createTestDatabase('admin_crash');
    const port = await freePort();
    adminUrl = `http://127.0.0.1:${port}`;
    env = {
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: `test:${database.name}:`,
      ARTSTORE_ISSUER: adminUrl,
      ARTSTORE_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ARTSTORE_BOOTSTRAP_CLIENT_ID: 'bootstrap-admin',
      ARTSTORE_BOOTSTRAP_CLIENT_SECRET: randomBytes(32).toString('base64url'),
      ARTSTORE_STORAGE_CLIENT_SECRET: storageSecret,
      ELEMENT_POLL_INTERVAL_MS: '30000',
      SAGA_RECOVERY_INTERVAL_MS: '200',
      SAGA_LEASE_MS: '1000',
    };
    running = await startAdminProcess({ ADMIN_FAILPOINT: 'mode-change:after-element' });
    element = await StorageElementProcess.start({
      id: 'se-crash',
      mode: 'rw',
      adminUrl,
      clientSecret: storageSecret,
    });
    redis = new Redis(testInfra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await running?.stop('SIGKILL');
    await element?.remove();
    await database?.drop();
  });

  it('is finished by the recovery worker after a restart: registry, configuration and one audit event', async () => {
    const client = new IdentityClient(adminUrl);
    const token = await client.token('bootstrap-admin', env['ARTSTORE_BOOTSTRAP_CLIENT_SECRET']);
    await waitFor(
      async () => (await client.call('GET', '/api/v1/storage-elements/se-crash', token)).status === 200,
      10_000,
    );

    await expect(
      client.call('POST', '/api/v1/storage-elements/se-crash/mode', token, {
        mode: 'ro',
        reason: 'crash test',
      }),
    ).rejects.toThrow();
    expect((await running!.exited).signal).toBe('SIGKILL');
    expect(await modeOf(element)).toBe('ro');
    expect(await sagaRows(database.url)).toEqual([
      { status: 'running', type: 'storage-element.mode-change' },
    ]);

    running = await startAdminProcess({});
    await waitFor(async () => (await sagaRows(database.url))[0]?.status === 'completed', 15_000);
    const after = await client.token('bootstrap-admin', env['ARTSTORE_BOOTSTRAP_CLIENT_SECRET']);
    const registry = await json<StorageElementRecord>(
      await client.call('GET', '/api/v1/storage-elements/se-crash', after),
    );
    expect(registry.mode).toBe('ro');
    expect(await publishedMode(redis, env['REDIS_KEY_PREFIX'], 'se-crash')).toBe('ro');
    const audit = await json<{ items: { details: Record<string, unknown> }[] }>(
      await client.call('GET', '/api/v1/audit-events?action=element.mode_changed', after),
    );
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]?.details).toMatchObject({ from: 'rw', to: 'ro', reason: 'crash test' });
  });
});
