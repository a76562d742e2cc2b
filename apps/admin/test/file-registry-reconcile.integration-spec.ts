import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttrJson, FileMetadata, ProblemDetails } from '@artstore/contracts';
import { testInfra, waitFor, StorageElementProcess } from '@artstore/testing';
import { startAdmin, type AdminUnderTest } from './admin-under-test';
import { aFile, eventsFor, fileEvents, putOnElement, uuidV7 } from './file-registry-fixtures';
import { IdentityClient } from './identity-clients';

interface ReconcileReport {
  elements_scanned: number;
  elements_failed: number;
  files_seen: number;
  registered: number;
  updated: number;
  unregistered: number;
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** What the registry should hold for a file the element holds: attr.json without its element-only fields. */
function asRegistered(attr: AttrJson): FileMetadata {
  const { schema_version: _schema, saga_id: _saga, ...file } = attr;
  const iso = (value: string) => new Date(value).toISOString();
  return {
    ...file,
    created_at: iso(file.created_at),
    updated_at: iso(file.updated_at),
    ttl_expires_at: file.ttl_expires_at === null ? null : iso(file.ttl_expires_at),
  };
}

describe('file registry reconcile', () => {
  let admin: AdminUnderTest;
  let client: IdentityClient;
  let token: string;
  let redis: Redis;
  let prefix: string;
  let edit: StorageElementProcess;
  let rw: StorageElementProcess;
  let gone: StorageElementProcess;
  const stored = new Map<string, AttrJson>();

  const reconcile = (body?: unknown) => client.call('POST', '/api/v1/maintenance/reconcile', token, body);
  const registered = (fileId: string) => client.call('GET', `/api/v1/files/${fileId}`, token);
  const reconciledAudits = async () =>
    (
      await json<{ items: { resource: string; details: Record<string, unknown> }[] }>(
        await client.call('GET', '/api/v1/audit-events?action=files.reconciled', token),
      )
    ).items;
  const store = async (element: StorageElementProcess, retention: 'temporary' | 'permanent') => {
    const fileId = uuidV7();
    const response = await putOnElement(element.url, token, fileId, retention, `bytes of ${fileId}`);
    expect(response.status).toBe(201);
    stored.set(fileId, await json<AttrJson>(response));
    return fileId;
  };

  beforeAll(async () => {
    admin = await startAdmin({
      FILE_RECONCILE_INTERVAL_MS: '0',
      FILE_EVENTS_RELAY_INTERVAL_MS: '200',
      ELEMENT_POLL_INTERVAL_MS: '30000',
      ELEMENT_CALL_TIMEOUT_MS: '1000',
    });
    prefix = `test:${admin.database.name}:`;
    client = new IdentityClient(admin.url);
    token = await client.token(admin.bootstrap.clientId, admin.bootstrap.clientSecret);
    redis = new Redis(testInfra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    // Not self-registering: the test registers them, so the reconcile of each first registration ends
    // before any file exists there.
    // One after the other: three element processes starting at once can starve a loaded CI machine.
    edit = await StorageElementProcess.start({ id: 'se-rc-edit', mode: 'edit', adminUrl: admin.url });
    rw = await StorageElementProcess.start({ id: 'se-rc-rw', mode: 'rw', adminUrl: admin.url });
    gone = await StorageElementProcess.start({ id: 'se-rc-gone', mode: 'rw', adminUrl: admin.url });
    for (const element of [edit, rw, gone]) {
      const response = await client.call('POST', '/api/v1/storage-elements', token, { url: element.url });
      expect(response.status).toBe(201);
    }
    await waitFor(async () => (await reconciledAudits()).length === 3, 15_000);
  }, 180_000);

  afterAll(async () => {
    redis?.disconnect();
    await Promise.all([edit?.remove(), rw?.remove(), gone?.remove()]);
    await admin?.close();
  });

  it('reconciled each element when it first registered', async () => {
    const audits = await reconciledAudits();
    expect(audits.map((event) => event.resource).sort()).toEqual([
      'storage-element:se-rc-edit',
      'storage-element:se-rc-gone',
      'storage-element:se-rc-rw',
    ]);
    expect(audits[0]?.details).toMatchObject({ elements_scanned: 1, files_seen: 0, registered: 0 });
  });

  it('registers files stored directly on the elements, with events, and removes rows no element holds', async () => {
    const onEdit = [await store(edit, 'temporary'), await store(edit, 'temporary')];
    const onRw = await store(rw, 'permanent');
    const onGone = await store(gone, 'permanent');
    const phantom = aFile({ storage_element_id: 'se-rc-rw' });
    expect((await client.call('PUT', `/api/v1/files/${phantom.file_id}`, token, phantom)).status).toBe(201);

    const response = await reconcile();
    expect(response.status).toBe(200);
    expect(await json<ReconcileReport>(response)).toEqual({
      elements_scanned: 3,
      elements_failed: 0,
      files_seen: 4,
      registered: 4,
      updated: 0,
      unregistered: 1,
    });
    for (const fileId of [...onEdit, onRw, onGone]) {
      const entry = await registered(fileId);
      expect(entry.status).toBe(200);
      expect(await json<FileMetadata>(entry)).toEqual(asRegistered(stored.get(fileId)!));
    }
    expect((await registered(phantom.file_id)).status).toBe(404);
    await waitFor(async () => eventsFor(await fileEvents(redis, prefix), onGone).length === 1, 10_000);
    const events = await fileEvents(redis, prefix);
    for (const fileId of [...onEdit, onRw]) {
      expect(eventsFor(events, fileId).map((event) => event.fields['type'])).toEqual(['file.created']);
    }
    expect(eventsFor(events, phantom.file_id).map((event) => event.fields['type'])).toEqual([
      'file.created',
      'file.deleted',
    ]);

    const again = await json<ReconcileReport>(await reconcile());
    expect(again).toMatchObject({ files_seen: 4, registered: 0, updated: 0, unregistered: 0 });
  });

  it('takes a newer version from the element and unregisters a file deleted there', async () => {
    const [updatedId, deletedId] = [...stored.keys()].filter(
      (fileId) => stored.get(fileId)?.storage_element_id === 'se-rc-edit',
    );
    const patched = await fetch(`${edit.url}/api/v1/files/${updatedId}/attributes`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'edited on the element' }),
    });
    expect(patched.status).toBe(200);
    const deleted = await fetch(`${edit.url}/api/v1/files/${deletedId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.status).toBe(200);

    const report = await json<ReconcileReport>(await reconcile({ element_id: 'se-rc-edit' }));
    expect(report).toEqual({
      elements_scanned: 1,
      elements_failed: 0,
      files_seen: 1,
      registered: 0,
      updated: 1,
      unregistered: 1,
    });
    const entry = await json<FileMetadata>(await registered(updatedId));
    expect(entry).toEqual(asRegistered(await json<AttrJson>(patched)));
    expect(entry).toMatchObject({ version: 2, description: 'edited on the element' });
    expect((await registered(deletedId)).status).toBe(404);
    await waitFor(async () => eventsFor(await fileEvents(redis, prefix), deletedId).length === 2, 10_000);
    const events = await fileEvents(redis, prefix);
    expect(eventsFor(events, updatedId).map((event) => event.fields['type'])).toEqual([
      'file.created',
      'file.updated',
    ]);
    expect(eventsFor(events, deletedId).at(-1)?.fields).toMatchObject({
      type: 'file.deleted',
      version: '1',
    });
  });

  it('repairs one file: moves a row to the element that holds the file, drops a row nobody holds', async () => {
    const moved = await store(rw, 'permanent');
    const staleRow = aFile({ file_id: moved, storage_element_id: 'se-rc-edit' });
    expect((await client.call('PUT', `/api/v1/files/${moved}`, token, staleRow)).status).toBe(201);
    const orphan = aFile({ storage_element_id: 'se-rc-rw' });
    expect((await client.call('PUT', `/api/v1/files/${orphan.file_id}`, token, orphan)).status).toBe(201);

    const movedReport = await json<ReconcileReport>(await reconcile({ file_id: moved }));
    expect(movedReport).toEqual({
      elements_scanned: 3,
      elements_failed: 0,
      files_seen: 1,
      registered: 1,
      updated: 0,
      unregistered: 1,
    });
    expect(await json<FileMetadata>(await registered(moved))).toEqual(asRegistered(stored.get(moved)!));
    const orphanReport = await json<ReconcileReport>(await reconcile({ file_id: orphan.file_id }));
    expect(orphanReport).toMatchObject({
      elements_scanned: 3,
      files_seen: 0,
      registered: 0,
      unregistered: 1,
    });
    expect((await registered(orphan.file_id)).status).toBe(404);
    // Where the registry says, as it says: asked once, nothing changes.
    const healthy = await json<ReconcileReport>(await reconcile({ file_id: moved }));
    expect(healthy).toEqual({ ...movedReport, elements_scanned: 1, registered: 0, unregistered: 0 });
    expect((await reconciledAudits()).map((event) => event.resource)).toContain(`file:${orphan.file_id}`);
    await waitFor(async () => eventsFor(await fileEvents(redis, prefix), moved).length === 3, 10_000);
    expect(eventsFor(await fileEvents(redis, prefix), moved).map((event) => event.fields['type'])).toEqual([
      'file.created',
      'file.deleted',
      'file.created',
    ]);
    for (const bad of [{ file_id: 'nope' }, { file_id: moved, element_id: 'se-rc-rw' }]) {
      expect((await reconcile(bad)).status).toBe(400);
    }
  });

  it('keeps the rows of an element it cannot reach, and reports it failed', async () => {
    const onGone = [...stored.keys()].find(
      (fileId) => stored.get(fileId)?.storage_element_id === 'se-rc-gone',
    );
    const unheld = aFile({ storage_element_id: 'se-rc-gone' });
    expect((await client.call('PUT', `/api/v1/files/${unheld.file_id}`, token, unheld)).status).toBe(201);
    await gone.stop();

    const report = await json<ReconcileReport>(await reconcile());
    expect(report).toMatchObject({ elements_scanned: 2, elements_failed: 1, unregistered: 0 });
    expect((await registered(onGone!)).status).toBe(200);
    expect((await registered(unheld.file_id)).status).toBe(200);
    const audit = (await reconciledAudits())[0];
    expect(audit?.details).toMatchObject({ elements_failed: 1 });
  });

  it('refuses an unknown element, a malformed one and extra fields', async () => {
    const unknown = await reconcile({ element_id: 'se-none' });
    expect(unknown.status).toBe(404);
    expect((await json<ProblemDetails>(unknown)).code).toBe('storage_element_not_found');
    expect((await reconcile({ element_id: '../x' })).status).toBe(400);
    expect((await reconcile({ element_id: 'se-rc-rw', force: true })).status).toBe(400);
    const reader = await client.createAccount(token, 'readonly');
    const readerToken = await client.token(reader.client_id, reader.client_secret);
    expect((await client.call('POST', '/api/v1/maintenance/reconcile', readerToken)).status).toBe(403);
  });
});

describe('file registry reconcile: the periodic job', () => {
  let admin: AdminUnderTest;
  let element: StorageElementProcess;

  beforeAll(async () => {
    admin = await startAdmin({ FILE_RECONCILE_INTERVAL_MS: '700', ELEMENT_POLL_INTERVAL_MS: '30000' });
    element = await StorageElementProcess.start({ id: 'se-rc-periodic', mode: 'rw', adminUrl: admin.url });
  }, 90_000);

  afterAll(async () => {
    await element?.remove();
    await admin?.close();
  });

  it('registers a file that appeared on an element after its registration', async () => {
    const client = new IdentityClient(admin.url);
    const token = await client.token(admin.bootstrap.clientId, admin.bootstrap.clientSecret);
    expect((await client.call('POST', '/api/v1/storage-elements', token, { url: element.url })).status).toBe(
      201,
    );
    // The first registration's own reconcile must be over, so only the periodic job can find the file.
    await waitFor(async () => {
      const audits = await json<{ items: { actor: string }[] }>(
        await client.call('GET', '/api/v1/audit-events?action=files.reconciled', token),
      );
      return audits.items.length > 0;
    }, 10_000);
    const fileId = uuidV7();
    expect((await putOnElement(element.url, token, fileId, 'permanent', 'late bytes')).status).toBe(201);
    await waitFor(
      async () => (await client.call('GET', `/api/v1/files/${fileId}`, token)).status === 200,
      15_000,
    );
  });
});
