import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STORAGE_ELEMENTS_CONFIG_KEY,
  type ProblemDetails,
  type StorageElementInfo,
  type StorageElementRecord,
  type StorageElementsConfig,
  type StorageElementsSummary,
} from '@artstore/contracts';
import { testInfra, waitFor, StorageElementProcess } from '@artstore/testing';
import { startAdmin, type AdminUnderTest } from './admin-under-test';
import { IdentityClient } from './identity-clients';

const storageSecret = randomBytes(32).toString('base64url');

interface Fixture {
  admin: AdminUnderTest;
  client: IdentityClient;
  token: string;
  redis: Redis;
}

async function startFixture(env: Record<string, string> = {}): Promise<Fixture> {
  const admin = await startAdmin({
    ARTSTORE_STORAGE_CLIENT_SECRET: storageSecret,
    ELEMENT_POLL_INTERVAL_MS: '300',
    SAGA_RECOVERY_INTERVAL_MS: '200',
    SAGA_LEASE_MS: '1000',
    ...env,
  });
  const client = new IdentityClient(admin.url);
  const token = await client.token(admin.bootstrap.clientId, admin.bootstrap.clientSecret);
  const redis = new Redis(testInfra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  return { admin, client, token, redis };
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function registryEntry(fixture: Fixture, id: string): Promise<StorageElementRecord | undefined> {
  const response = await fixture.client.call('GET', `/api/v1/storage-elements/${id}`, fixture.token);
  return response.status === 200 ? json<StorageElementRecord>(response) : undefined;
}

async function publishedConfig(fixture: Fixture): Promise<StorageElementsConfig | undefined> {
  const raw = await fixture.redis.get(`test:${fixture.admin.database.name}:${STORAGE_ELEMENTS_CONFIG_KEY}`);
  return raw ? (JSON.parse(raw) as StorageElementsConfig) : undefined;
}

async function elementInfo(element: StorageElementProcess): Promise<StorageElementInfo> {
  return json<StorageElementInfo>(await fetch(`${element.url}/api/v1/info`));
}

async function changeMode(fixture: Fixture, id: string, mode: string): Promise<Response> {
  return fixture.client.call('POST', `/api/v1/storage-elements/${id}/mode`, fixture.token, {
    mode,
    reason: 'integration test',
  });
}

describe('storage element registry', () => {
  let fixture: Fixture;
  let rw: StorageElementProcess;
  let edit: StorageElementProcess;

  beforeAll(async () => {
    fixture = await startFixture();
    [rw, edit] = await Promise.all([
      StorageElementProcess.start({
        id: 'se-rw',
        mode: 'rw',
        adminUrl: fixture.admin.url,
        clientSecret: storageSecret,
      }),
      StorageElementProcess.start({ id: 'se-edit', mode: 'edit', adminUrl: fixture.admin.url, priority: 5 }),
    ]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([rw?.remove(), edit?.remove()]);
    fixture?.redis.disconnect();
    await fixture?.admin.close();
  });

  it('learns about an element that registers itself at start', async () => {
    await waitFor(async () => (await registryEntry(fixture, 'se-rw')) !== undefined, 10_000);
    const entry = await registryEntry(fixture, 'se-rw');
    expect(entry).toMatchObject({ id: 'se-rw', url: rw.url, mode: 'rw', status: 'online', priority: 100 });
  });

  it('registers by url with 201, and again with 200 without a second entry', async () => {
    const first = await fixture.client.call('POST', '/api/v1/storage-elements', fixture.token, {
      url: edit.url,
    });
    expect(first.status).toBe(201);
    expect(await json<StorageElementRecord>(first)).toMatchObject({
      id: 'se-edit',
      mode: 'edit',
      priority: 5,
    });
    const again = await fixture.client.call('POST', '/api/v1/storage-elements', fixture.token, {
      url: `${edit.url}/`,
    });
    expect(again.status).toBe(200);
    const list = await json<{ items: StorageElementRecord[] }>(
      await fixture.client.call('GET', '/api/v1/storage-elements', fixture.token),
    );
    expect(list.items.map((item) => item.id).sort()).toEqual(['se-edit', 'se-rw']);
  });

  it('refuses a url where no element answers, and malformed registrations', async () => {
    const nobody = await fixture.client.call('POST', '/api/v1/storage-elements', fixture.token, {
      url: 'http://127.0.0.1:1',
    });
    expect(nobody.status).toBe(422);
    expect((await json<ProblemDetails>(nobody)).code).toBe('storage_element_unreachable');
    for (const body of [
      {},
      { url: 'ftp://x' },
      { url: 'http://a/?q=1' },
      { url: 'http://u:p@a' },
      { url: 7 },
    ]) {
      const refused = await fixture.client.call('POST', '/api/v1/storage-elements', fixture.token, body);
      expect(refused.status).toBe(400);
    }
  });

  it('keeps a priority set through PATCH when the element registers again', async () => {
    const patched = await fixture.client.call('PATCH', '/api/v1/storage-elements/se-rw', fixture.token, {
      priority: 7,
      name: 'Primary rw',
    });
    expect(patched.status).toBe(200);
    expect(await json<StorageElementRecord>(patched)).toMatchObject({ priority: 7, name: 'Primary rw' });
    const again = await fixture.client.call('POST', '/api/v1/storage-elements', fixture.token, {
      url: rw.url,
    });
    expect(again.status).toBe(200);
    expect(await registryEntry(fixture, 'se-rw')).toMatchObject({ priority: 7, name: 'Primary rw' });
    const invalid = await fixture.client.call('PATCH', '/api/v1/storage-elements/se-rw', fixture.token, {
      priority: -1,
    });
    expect(invalid.status).toBe(400);
  });

  it('publishes the registry to Redis with increasing versions', async () => {
    const first = await publishedConfig(fixture);
    expect(first?.elements.map((element) => element.id).sort()).toEqual(['se-edit', 'se-rw']);
    await waitFor(
      async () => ((await publishedConfig(fixture))?.version ?? 0) > (first?.version ?? 0),
      5_000,
    );
  });

  it('summarises the registry by mode and status', async () => {
    const summary = await json<StorageElementsSummary>(
      await fixture.client.call('GET', '/api/v1/storage-elements/stats/summary', fixture.token),
    );
    expect(summary).toMatchObject({
      total: 2,
      by_mode: { edit: 1, rw: 1, ro: 0, ar: 0 },
      by_status: { online: 2, degraded: 0, offline: 0 },
      capacity_bytes: 2 * 1024 ** 3,
    });
  });

  it('refuses to remove an element that holds files, and removes an empty one', async () => {
    const body = Buffer.from('kept bytes');
    const stored = await fetch(`${edit.url}/api/v1/files/019a0000-0000-7000-8000-000000000001`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${fixture.token}`,
        'content-type': 'application/octet-stream',
        'artstore-attributes': Buffer.from(
          JSON.stringify({
            original_filename: 'kept.txt',
            retention_policy: 'temporary',
            ttl_expires_at: '2030-01-01T00:00:00Z',
            description: '',
            tags: [],
            metadata: {},
            uploaded_by: 'test',
            saga_id: null,
          }),
        ).toString('base64url'),
      },
      body,
    });
    expect(stored.status).toBe(201);
    await waitFor(async () => (await registryEntry(fixture, 'se-edit'))?.file_count === 1, 5_000);
    const refused = await fixture.client.call('DELETE', '/api/v1/storage-elements/se-edit', fixture.token);
    expect(refused.status).toBe(409);
    expect((await json<ProblemDetails>(refused)).code).toBe('storage_element_not_empty');
    expect(await registryEntry(fixture, 'se-edit')).toBeDefined();

    const empty = await StorageElementProcess.start({
      id: 'se-empty',
      mode: 'rw',
      adminUrl: fixture.admin.url,
    });
    try {
      const registered = await fixture.client.call('POST', '/api/v1/storage-elements', fixture.token, {
        url: empty.url,
      });
      expect(registered.status).toBe(201);
      const removed = await fixture.client.call('DELETE', '/api/v1/storage-elements/se-empty', fixture.token);
      expect(removed.status).toBe(204);
      expect(await registryEntry(fixture, 'se-empty')).toBeUndefined();
      expect((await publishedConfig(fixture))?.elements.map((element) => element.id)).not.toContain(
        'se-empty',
      );
    } finally {
      await empty.remove();
    }
  });

  it('answers 404 for an unknown element and 400 for a malformed id', async () => {
    expect((await fixture.client.call('GET', '/api/v1/storage-elements/se-none', fixture.token)).status).toBe(
      404,
    );
    expect((await fixture.client.call('GET', '/api/v1/storage-elements/..%2Fx', fixture.token)).status).toBe(
      400,
    );
    expect((await changeMode(fixture, 'se-none', 'ro')).status).toBe(404);
  });

  it('moves rw → ro → ar on the element, in the registry and in Redis within 2 s', async () => {
    for (const mode of ['ro', 'ar'] as const) {
      const started = Date.now();
      const changed = await changeMode(fixture, 'se-rw', mode);
      expect(changed.status).toBe(200);
      expect(changed.headers.get('artstore-saga-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await json<StorageElementRecord>(changed)).toMatchObject({ id: 'se-rw', mode });
      expect((await elementInfo(rw)).mode).toBe(mode);
      expect((await registryEntry(fixture, 'se-rw'))?.mode).toBe(mode);
      const published = await publishedConfig(fixture);
      expect(published?.elements.find((element) => element.id === 'se-rw')?.mode).toBe(mode);
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    const audit = await json<{
      items: { action: string; resource: string; details: Record<string, unknown> }[];
    }>(await fixture.client.call('GET', '/api/v1/audit-events?action=element.mode_changed', fixture.token));
    expect(audit.items.map((event) => event.details['to'])).toEqual(['ar', 'ro']);
  });

  it('refuses ar → rw and edit → rw with 409 listing the allowed transitions', async () => {
    for (const [id, from] of [
      ['se-rw', 'ar'],
      ['se-edit', 'edit'],
    ] as const) {
      const refused = await changeMode(fixture, id, 'rw');
      expect(refused.status).toBe(409);
      const problem = await json<ProblemDetails>(refused);
      expect(problem.code).toBe('mode_transition_not_allowed');
      expect(problem['allowed_transitions']).toEqual([]);
      expect(problem.detail).toContain(from);
      expect((await registryEntry(fixture, id))?.mode).toBe(from);
    }
    const invalid = await changeMode(fixture, 'se-edit', 'archive');
    expect(invalid.status).toBe(400);
  });

  it('marks a stopped element degraded, then offline, and online again after it returns', async () => {
    const seen = new Set<string>();
    await edit.stop();
    await waitFor(
      async () => {
        const status = (await registryEntry(fixture, 'se-edit'))?.status;
        seen.add(status ?? 'missing');
        return status === 'offline';
      },
      10_000,
      50,
    );
    expect(seen).toContain('degraded');
    await edit.restart();
    await waitFor(async () => (await registryEntry(fixture, 'se-edit'))?.status === 'online', 10_000);
  });
});
