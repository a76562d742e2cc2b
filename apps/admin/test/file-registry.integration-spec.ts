import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMetadata, Page, ProblemDetails } from '@artstore/contracts';
import { testInfra, waitFor } from '@artstore/testing';
import { startAdmin, type AdminUnderTest } from './admin-under-test';
import { aFile, eventsFor, fileEvents, uuidV7 } from './file-registry-fixtures';
import { IdentityClient } from './identity-clients';

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function registeredCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>('SELECT count(*) AS count FROM registered_files');
    return Number(result.rows[0]?.count);
  } finally {
    await client.end();
  }
}

describe('file registry', () => {
  let admin: AdminUnderTest;
  let client: IdentityClient;
  let token: string;
  let redis: Redis;
  let prefix: string;

  const put = (file: unknown, id = (file as FileMetadata).file_id) =>
    client.call('PUT', `/api/v1/files/${id}`, token, file);
  const list = async (query: string) =>
    json<Page<FileMetadata>>(await client.call('GET', `/api/v1/files?${query}`, token));

  beforeAll(async () => {
    admin = await startAdmin({ FILE_RECONCILE_INTERVAL_MS: '0' });
    prefix = `test:${admin.database.name}:`;
    client = new IdentityClient(admin.url);
    token = await client.token(admin.bootstrap.clientId, admin.bootstrap.clientSecret);
    redis = new Redis(testInfra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await admin?.close();
  });

  describe('PUT /api/v1/files/{id}', () => {
    it('registers (201), updates to a higher version (200) and answers a retry with 200 unchanged', async () => {
      const file = aFile();
      const created = await put(file);
      expect(created.status).toBe(201);
      expect(await json<FileMetadata>(created)).toEqual(file);

      const retried = await put({ ...file, created_at: '2026-01-01T00:00:00Z' });
      expect(retried.status).toBe(200);
      expect(await json<FileMetadata>(retried)).toEqual(file);

      const newer = { ...file, version: 2, description: 'revised', tags: ['finance', 'q1'] };
      const updated = await put(newer);
      expect(updated.status).toBe(200);
      expect(await json<FileMetadata>(updated)).toEqual(newer);
      expect(
        await json<FileMetadata>(await client.call('GET', `/api/v1/files/${file.file_id}`, token)),
      ).toEqual(newer);
    });

    it('refuses the same version with other content (version_conflict) and a lower one (stale_version)', async () => {
      const file = aFile({ version: 3 });
      expect((await put(file)).status).toBe(201);
      const conflict = await put({ ...file, description: 'other' });
      expect(conflict.status).toBe(409);
      expect((await json<ProblemDetails>(conflict)).code).toBe('version_conflict');
      const stale = await put({ ...file, version: 2, description: 'older' });
      expect(stale.status).toBe(409);
      expect((await json<ProblemDetails>(stale)).code).toBe('stale_version');
      expect(
        await json<FileMetadata>(await client.call('GET', `/api/v1/files/${file.file_id}`, token)),
      ).toEqual(file);
    });

    it('refuses bad input with 400 and stores nothing', async () => {
      const before = await registeredCount(admin.database.url);
      const file = aFile();
      const bad: [string, unknown, string?][] = [
        ['another id in the body', { ...file, file_id: uuidV7() }],
        ['a malformed path id', file, 'not-a-uuid'],
        ['an uppercase id', { ...file, file_id: file.file_id.toUpperCase() }, file.file_id.toUpperCase()],
        ['a short sha256', { ...file, sha256: 'abc' }],
        ['an uppercase sha256', { ...file, sha256: 'A'.repeat(64) }],
        ['a negative size', { ...file, size_bytes: -1 }],
        ['an unknown retention policy', { ...file, retention_policy: 'forever' }],
        ['a bad ttl', { ...file, ttl_expires_at: 'tomorrow' }],
        ['version 0', { ...file, version: 0 }],
        ['a fractional version', { ...file, version: 1.5 }],
        ['tags that are not strings', { ...file, tags: [1] }],
        ['metadata that is not an object', { ...file, metadata: [] }],
        ['an extra field', { ...file, saga_id: 'x' }],
        ['a missing field', { ...file, description: undefined }],
        ['a bad element id', { ...file, storage_element_id: '../etc' }],
      ];
      for (const [why, body, id] of bad) {
        const response = await put(body, id ?? file.file_id);
        expect(response.status, why).toBe(400);
        expect((await json<ProblemDetails>(response)).code, why).toBe('invalid_input');
      }
      expect(await registeredCount(admin.database.url)).toBe(before);
      expect((await client.call('GET', `/api/v1/files/${file.file_id}`, token)).status).toBe(404);
    });

    it('registers a file once when the same first registration races itself', async () => {
      const file = aFile();
      const answers = await Promise.all(Array.from({ length: 8 }, () => put(file)));
      expect(answers.map((response) => response.status).sort()).toEqual([
        200, 200, 200, 200, 200, 200, 200, 201,
      ]);
      await waitFor(async () => eventsFor(await fileEvents(redis, prefix), file.file_id).length > 0, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(eventsFor(await fileEvents(redis, prefix), file.file_id)).toHaveLength(1);
    });

    it('needs files:register', async () => {
      const user = await client.createAccount(token, 'user');
      const userToken = await client.token(user.client_id, user.client_secret);
      const file = aFile();
      const refused = await client.call('PUT', `/api/v1/files/${file.file_id}`, userToken, file);
      expect(refused.status).toBe(403);
      expect((await client.call('GET', `/api/v1/files/${file.file_id}`, userToken)).status).toBe(404);
    });
  });

  describe('DELETE /api/v1/files/{id} and GET /api/v1/files/{id}', () => {
    it('unregisters idempotently: 204 twice, then 404', async () => {
      const file = aFile();
      expect((await put(file)).status).toBe(201);
      expect((await client.call('DELETE', `/api/v1/files/${file.file_id}`, token)).status).toBe(204);
      expect((await client.call('DELETE', `/api/v1/files/${file.file_id}`, token)).status).toBe(204);
      const missing = await client.call('GET', `/api/v1/files/${file.file_id}`, token);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await json<ProblemDetails>(missing)).code).toBe('file_not_found');
      expect((await client.call('DELETE', '/api/v1/files/nope', token)).status).toBe(400);
    });
  });

  describe('events', () => {
    it('appends created, updated and deleted to the stream in order with the full metadata', async () => {
      const file = aFile();
      const newer = { ...file, version: 2, description: 'second' };
      await put(file);
      await put(file); // a retry: no event
      await put(newer);
      await client.call('DELETE', `/api/v1/files/${file.file_id}`, token);
      await client.call('DELETE', `/api/v1/files/${file.file_id}`, token); // nothing removed: no event
      await waitFor(async () => eventsFor(await fileEvents(redis, prefix), file.file_id).length >= 3, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const events = eventsFor(await fileEvents(redis, prefix), file.file_id);
      expect(events.map((event) => [event.fields['type'], event.fields['version']])).toEqual([
        ['file.created', '1'],
        ['file.updated', '2'],
        ['file.deleted', '2'],
      ]);
      expect(JSON.parse(events[0]?.fields['file'] ?? '')).toEqual(file);
      expect(JSON.parse(events[1]?.fields['file'] ?? '')).toEqual(newer);
      expect(JSON.parse(events[2]?.fields['file'] ?? '')).toEqual(newer);
      for (const event of events) {
        expect(Object.keys(event.fields).sort()).toEqual([
          'file',
          'file_id',
          'occurred_at',
          'type',
          'version',
        ]);
        expect(new Date(event.fields['occurred_at'] ?? '').toISOString()).toBe(event.fields['occurred_at']);
      }
    });

    it('exports published events and the pending outbox as metrics', async () => {
      await waitFor(async () => {
        const metrics = await (await fetch(`${admin.url}/metrics`)).text();
        return /file_registry_events_published_total\{type="file.created"\} [1-9]/.test(metrics);
      }, 10_000);
      const metrics = await (await fetch(`${admin.url}/metrics`)).text();
      expect(metrics).toMatch(/file_registry_events_published_total\{type="file.deleted"\} [1-9]/);
      expect(metrics).toMatch(/file_registry_outbox_pending 0/);
    });
  });

  describe('GET /api/v1/files', () => {
    const files = [
      aFile({ created_at: '2030-05-01T00:00:00.000Z', storage_element_id: 'se-list-a', uploaded_by: 'bob' }),
      aFile({
        created_at: '2030-05-02T00:00:00.000Z',
        storage_element_id: 'se-list-a',
        uploaded_by: 'carol',
      }),
      aFile({
        created_at: '2030-05-03T00:00:00.000Z',
        storage_element_id: 'se-list-b',
        uploaded_by: 'bob',
        retention_policy: 'permanent',
        ttl_expires_at: null,
      }),
      aFile({
        created_at: '2030-05-03T00:00:00.000Z',
        storage_element_id: 'se-list-b',
        uploaded_by: 'bob',
        ttl_expires_at: '2030-06-01T00:00:00.000Z',
      }),
      aFile({
        created_at: '2030-05-04T00:00:00.000Z',
        storage_element_id: 'se-list-b',
        uploaded_by: 'carol',
        ttl_expires_at: '2030-07-01T00:00:00.000Z',
      }),
    ];
    const ids = (page: Page<FileMetadata>) => page.items.map((file) => file.file_id);
    const idsOf = (selected: FileMetadata[]) =>
      [...selected]
        .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.file_id.localeCompare(b.file_id))
        .map((file) => file.file_id);

    beforeAll(async () => {
      for (const file of files) {
        expect((await put(file)).status).toBe(201);
      }
    });

    it('filters by element, retention, uploader, expiry and creation time', async () => {
      const inRange = 'created_after=2030-05-01T00:00:00Z&created_before=2030-06-01T00:00:00Z';
      expect(ids(await list(inRange))).toEqual(idsOf(files));
      expect(ids(await list('storage_element_id=se-list-a'))).toEqual(idsOf(files.slice(0, 2)));
      expect(ids(await list(`${inRange}&retention_policy=permanent`))).toEqual(idsOf([files[2]]));
      expect(ids(await list('storage_element_id=se-list-b&uploaded_by=bob'))).toEqual(
        idsOf(files.slice(2, 4)),
      );
      expect(ids(await list(`${inRange}&expires_before=2030-06-15T00:00:00Z`))).toEqual(
        idsOf([files[0], files[1], files[3]]),
      );
      expect(
        ids(await list('created_after=2030-05-03T00:00:00Z&created_before=2030-05-04T00:00:00Z')),
      ).toEqual(idsOf(files.slice(2, 4)));
    });

    it('pages with an opaque keyset cursor, returning each file exactly once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query = `created_after=2030-05-01T00:00:00Z&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page: Page<FileMetadata> = await list(query);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...ids(page));
        cursor = page.next_cursor;
        pages += 1;
      } while (cursor !== null && pages < 10);
      expect(seen).toEqual(idsOf(files));
      expect(pages).toBe(3);
    });

    it('refuses a malformed cursor, bad limits and unknown parameters with 400', async () => {
      const badCursor = await client.call('GET', '/api/v1/files?cursor=not-a-cursor', token);
      expect(badCursor.status).toBe(400);
      expect((await json<ProblemDetails>(badCursor)).code).toBe('invalid_cursor');
      for (const query of [
        'limit=0',
        'limit=1001',
        'limit=abc',
        'colour=red',
        'retention_policy=forever',
        'created_after=yesterday',
        'uploaded_by=a&uploaded_by=b',
      ]) {
        expect((await client.call('GET', `/api/v1/files?${query}`, token)).status, query).toBe(400);
      }
    });
  });
});
