import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostAndPort, TcpProxy, testInfra, waitFor } from '@artstore/testing';
import { startAdmin, type AdminUnderTest } from './admin-under-test';
import { aFile, eventsFor, fileEvents } from './file-registry-fixtures';
import { IdentityClient } from './identity-clients';

async function outboxPending(adminUrl: string): Promise<number> {
  const metrics = await (await fetch(`${adminUrl}/metrics`)).text();
  const match = /^file_registry_outbox_pending (\d+)$/m.exec(metrics);
  return Number(match?.[1] ?? Number.NaN);
}

describe('file registry outbox: Redis unreachable', () => {
  let admin: AdminUnderTest;
  let redisProxy: TcpProxy;
  let client: IdentityClient;
  let token: string;
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    redisProxy = await TcpProxy.start(hostAndPort(testInfra.redisUrl));
    admin = await startAdmin({
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      FILE_RECONCILE_INTERVAL_MS: '0',
      FILE_EVENTS_RELAY_INTERVAL_MS: '200',
    });
    prefix = `test:${admin.database.name}:`;
    client = new IdentityClient(admin.url);
    token = await client.token(admin.bootstrap.clientId, admin.bootstrap.clientSecret);
    redis = new Redis(testInfra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await admin?.close();
    await redisProxy?.close();
  });

  it('answers PUT and DELETE while Redis is down and publishes their events, in order, once it is back', async () => {
    const file = aFile();
    const removed = aFile();
    expect((await client.call('PUT', `/api/v1/files/${removed.file_id}`, token, removed)).status).toBe(201);
    await waitFor(
      async () => eventsFor(await fileEvents(redis, prefix), removed.file_id).length === 1,
      10_000,
    );

    redisProxy.cut();
    const started = Date.now();
    const created = await client.call('PUT', `/api/v1/files/${file.file_id}`, token, file);
    expect(created.status).toBe(201);
    const newer = { ...file, version: 2, description: 'changed while Redis was down' };
    expect((await client.call('PUT', `/api/v1/files/${file.file_id}`, token, newer)).status).toBe(200);
    expect((await client.call('DELETE', `/api/v1/files/${removed.file_id}`, token)).status).toBe(204);
    expect(Date.now() - started).toBeLessThan(3_000);

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(eventsFor(await fileEvents(redis, prefix), file.file_id)).toEqual([]);
    expect(await outboxPending(admin.url)).toBe(3);

    redisProxy.restore();
    await waitFor(
      async () => eventsFor(await fileEvents(redis, prefix), removed.file_id).length === 2,
      20_000,
    );
    const events = await fileEvents(redis, prefix);
    expect(eventsFor(events, file.file_id).map((event) => event.fields['type'])).toEqual([
      'file.created',
      'file.updated',
    ]);
    // Outbox order is commit order: the delete committed last, so it is published last.
    expect(events.slice(-3).map((event) => [event.fields['type'], event.fields['file_id']])).toEqual([
      ['file.created', file.file_id],
      ['file.updated', file.file_id],
      ['file.deleted', removed.file_id],
    ]);
    expect(JSON.parse(eventsFor(events, file.file_id)[1]?.fields['file'] ?? '')).toEqual(newer);
    await waitFor(async () => (await outboxPending(admin.url)) === 0, 5_000);
  });
});
