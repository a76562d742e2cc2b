import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMetadata } from '@artstore/contracts';
import { waitFor } from '@artstore/testing';
import { uuidV7 } from '../src/uploads/uuid-v7';
import { postUpload } from './multipart-form';
import {
  attributesOn,
  metadataOf,
  readBack,
  registerDirectly,
  registryRecord,
  sagasOfType,
  startUploadStack,
  type UploadStack,
} from './upload-stack';

interface Problem {
  status: number;
  code: string;
  detail: string;
}

// Finalize, PATCH and DELETE against a real admin and real elements: se-fc-edit takes temporary
// uploads, se-fc-rw permanent ones and finalized copies, se-fc-old is put into mode ro.
describe('file changes through sagas (finalize, PATCH, DELETE)', () => {
  let stack: UploadStack;

  beforeAll(async () => {
    stack = await startUploadStack({
      elements: [
        { id: 'se-fc-edit', mode: 'edit' },
        { id: 'se-fc-rw', mode: 'rw', priority: 1 },
        { id: 'se-fc-old', mode: 'rw', priority: 9 },
      ],
      ingesterEnv: {
        SAGA_RETRY_FORWARD_DELAY_MS: '200',
        BREAKER_RESET_MS: '500',
        TTL_EXPIRY_INTERVAL_MS: '0',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const element = (id: string) => {
    const found = stack.elements.find((candidate) => candidate.id === id);
    if (!found) {
      throw new Error(`no element ${id}`);
    }
    return found;
  };

  async function upload(
    retention: 'temporary' | 'permanent',
    content = randomBytes(64 * 1024),
  ): Promise<FileMetadata> {
    const response = await postUpload(stack.ingester.url, stack.token, [
      { name: 'description', value: 'before' },
      { name: 'tags', value: 'a,b' },
      { name: 'retention_policy', value: retention },
      ...(retention === 'temporary' ? [{ name: 'ttl_days', value: '3' }] : []),
      { name: 'file', filename: 'data.bin', content },
    ]);
    expect(response.status).toBe(201);
    const { file_id: fileId } = (await response.json()) as { file_id: string };
    const registered = await registryRecord(stack, fileId);
    if (!registered) {
      throw new Error('the upload is not registered');
    }
    return registered;
  }

  const call = (method: string, path: string, body?: unknown, token = stack.token) =>
    fetch(`${stack.ingester.url}/api/v1/files/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  describe('POST /api/v1/files/{id}/finalize', () => {
    it('moves a temporary file to the rw element, permanent, with the same bytes', async () => {
      const original = await upload('temporary');
      expect(original.storage_element_id).toBe('se-fc-edit');
      const response = await call('POST', `${original.file_id}/finalize`);
      expect(response.status).toBe(200);
      const finalized = (await response.json()) as FileMetadata;
      expect(finalized).toMatchObject({
        file_id: original.file_id,
        storage_element_id: 'se-fc-rw',
        retention_policy: 'permanent',
        ttl_expires_at: null,
        sha256: original.sha256,
        size_bytes: original.size_bytes,
        description: 'before',
        tags: ['a', 'b'],
        version: original.version + 1,
      });
      expect(await readBack(element('se-fc-rw'), original.file_id, stack.token)).toEqual({
        sha256: original.sha256,
        size: original.size_bytes,
      });
      expect(await attributesOn(element('se-fc-rw'), original.file_id, stack.token)).toMatchObject({
        retention_policy: 'permanent',
        ttl_expires_at: null,
      });
      expect(await attributesOn(element('se-fc-edit'), original.file_id, stack.token)).toBeUndefined();
      expect(await registryRecord(stack, original.file_id)).toEqual(finalized);

      const again = await call('POST', `${original.file_id}/finalize`);
      expect(again.status).toBe(409);
      expect(((await again.json()) as Problem).code).toBe('file_already_permanent');
    });

    it('answers 404 for an unknown file and 400 for a malformed id', async () => {
      const unknown = await call('POST', `${uuidV7()}/finalize`);
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as Problem).code).toBe('file_not_found');
      expect((await call('POST', 'not-a-uuid/finalize')).status).toBe(400);
    });
  });

  describe('PATCH /api/v1/files/{id}', () => {
    it('changes description, tags and metadata on the element and in the registry (version + 1)', async () => {
      const original = await upload('temporary');
      const response = await call('PATCH', original.file_id, {
        description: 'after',
        tags: ['x', 'y'],
        metadata: { project: 'artstore', n: 1 },
      });
      expect(response.status).toBe(200);
      const changed = (await response.json()) as FileMetadata;
      const expected = {
        description: 'after',
        tags: ['x', 'y'],
        metadata: { project: 'artstore', n: 1 },
        version: original.version + 1,
      };
      expect(changed).toMatchObject(expected);
      expect(await attributesOn(element('se-fc-edit'), original.file_id, stack.token)).toMatchObject(
        expected,
      );
      expect(await registryRecord(stack, original.file_id)).toMatchObject(expected);
    });

    it('refuses bad input with 400 and changes nothing', async () => {
      const original = await upload('temporary');
      for (const body of [
        {},
        { color: 'red' },
        { tags: 'x' },
        { tags: [''] },
        { metadata: [1] },
        { description: 7 },
      ]) {
        const response = await call('PATCH', original.file_id, body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
      expect((await attributesOn(element('se-fc-edit'), original.file_id, stack.token))?.version).toBe(1);
      expect(await registryRecord(stack, original.file_id)).toEqual(original);
    });

    it('answers 409 naming the mode for a file on an ro element', async () => {
      const old = element('se-fc-old');
      const fileId = uuidV7();
      const stored = await fetch(`${old.url}/api/v1/files/${fileId}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${stack.token}`,
          'content-type': 'text/plain',
          'artstore-attributes': Buffer.from(
            JSON.stringify({
              original_filename: 'old.txt',
              retention_policy: 'permanent',
              ttl_expires_at: null,
            }),
          ).toString('base64url'),
        },
        body: 'archived',
      });
      expect(stored.status).toBe(201);
      await registerDirectly(stack, metadataOf((await stored.json()) as Parameters<typeof metadataOf>[0]));
      const mode = await fetch(`${old.url}/api/v1/mode`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'ro', reason: 'file-changes test' }),
      });
      expect(mode.status).toBeLessThan(300);

      const response = await call('PATCH', fileId, { description: 'not allowed' });
      expect(response.status).toBe(409);
      const problem = (await response.json()) as Problem;
      expect(problem.code).toBe('operation_not_allowed_in_mode');
      expect(problem.detail).toMatch(/\bro\b/);
      expect((await registryRecord(stack, fileId))?.description).toBe('');
    });
  });

  describe('DELETE /api/v1/files/{id}', () => {
    it('deletes a file on an edit element from the element and the registry, audited', async () => {
      const original = await upload('temporary');
      const response = await call('DELETE', original.file_id);
      expect(response.status).toBe(204);
      expect(await attributesOn(element('se-fc-edit'), original.file_id, stack.token)).toBeUndefined();
      expect(await registryRecord(stack, original.file_id)).toBeUndefined();
      const audit = await fetch(`${stack.admin.url}/api/v1/audit-events?action=file.deleted`, {
        headers: { authorization: `Bearer ${stack.token}` },
      });
      const events = (await audit.json()) as { items: { resource: string; actor: string }[] };
      expect(events.items).toContainEqual(
        expect.objectContaining({
          resource: `file:${original.file_id}`,
          actor: stack.admin.bootstrap.clientId,
        }),
      );
    });

    it('answers 409 naming the mode for a file on a rw element and changes nothing', async () => {
      const original = await upload('permanent');
      expect(original.storage_element_id).toBe('se-fc-rw');
      const response = await call('DELETE', original.file_id);
      expect(response.status).toBe(409);
      const problem = (await response.json()) as Problem;
      expect(problem.code).toBe('operation_not_allowed_in_mode');
      expect(problem.detail).toMatch(/\brw\b/);
      expect(await attributesOn(element('se-fc-rw'), original.file_id, stack.token)).toBeDefined();
      expect(await registryRecord(stack, original.file_id)).toEqual(original);
    });

    it('answers 404 for an unknown file and 403 without files:delete', async () => {
      expect((await call('DELETE', uuidV7())).status).toBe(404);
      const original = await upload('temporary');
      const readWrite = await stack.admin.token(undefined, 'files:read files:write');
      const response = await call('DELETE', original.file_id, undefined, readWrite);
      expect(response.status).toBe(403);
      expect(await registryRecord(stack, original.file_id)).toEqual(original);
    });
  });

  describe('failures', () => {
    it(
      'compensates a finalize whose rw element is down at the copy step: no copy, original intact',
      { timeout: 60_000 },
      async () => {
        const original = await upload('temporary');
        const rw = element('se-fc-rw');
        await rw.kill();
        try {
          const response = await call('POST', `${original.file_id}/finalize`);
          expect(response.status).toBe(503);
          expect(response.headers.get('retry-after')).toBeTruthy();
          expect(((await response.json()) as Problem).code).toBe('element_unavailable');
          expect((await sagasOfType(stack.ingester, 'ingester.finalize')).at(-1)?.status).toBe('compensated');
        } finally {
          await rw.restart();
        }
        expect(await attributesOn(rw, original.file_id, stack.token)).toBeUndefined();
        expect(await readBack(element('se-fc-edit'), original.file_id, stack.token)).toEqual({
          sha256: original.sha256,
          size: original.size_bytes,
        });
        expect(await registryRecord(stack, original.file_id)).toEqual(original);
      },
    );

    it(
      'retries the registry step forward while the admin is down and converges when it is back',
      { timeout: 60_000 },
      async () => {
        const original = await upload('temporary');
        const edit = element('se-fc-edit');
        // What the element step did before the admin went away: the change is on the element.
        const patched = await fetch(`${edit.url}/api/v1/files/${original.file_id}/attributes`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ description: 'while the admin was down' }),
        });
        expect(patched.status).toBe(200);
        const updated = metadataOf((await patched.json()) as Parameters<typeof metadataOf>[0]);
        const sagaId = randomUUID();
        await stack.admin.kill();
        let adminBack = false;
        const db = new pg.Client({ connectionString: stack.ingester.database.url });
        await db.connect();
        try {
          const state = {
            file_id: original.file_id,
            element: { id: edit.id, url: edit.url },
            patch: { description: 'while the admin was down' },
            updated,
          };
          await db.query(
            `INSERT INTO sagas (id, type, status, step_index, state, log, owner, lease_until)
             VALUES ($1, 'ingester.update-attributes', 'running', 1, $2, '[]', 'crashed-ingester', now() - interval '1 second')`,
            [sagaId, JSON.stringify(state)],
          );
          const saga = async () =>
            (await sagasOfType(stack.ingester, 'ingester.update-attributes')).find(
              (row) => row.id === sagaId,
            );
          await waitFor(
            async () =>
              ((await saga())?.log ?? []).filter((entry) => entry.event === 'retry_forward').length >= 2,
            20_000,
            100,
          );
          expect((await saga())?.status).toBe('running');
          await stack.admin.restart();
          adminBack = true;
          await waitFor(async () => (await saga())?.status === 'completed', 20_000, 100);
        } finally {
          await db.end();
          if (!adminBack) {
            await stack.admin.restart();
          }
        }
        expect(await registryRecord(stack, original.file_id)).toMatchObject({
          description: 'while the admin was down',
          version: original.version + 1,
        });
      },
    );
  });
});
