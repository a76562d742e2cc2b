import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttrJson } from '@artstore/contracts';
import { waitFor } from '@artstore/testing';
import { uuidV7 } from '../src/uploads/uuid-v7';
import { filesOn, isRegistered, startUploadStack, uploadSagas, type UploadStack } from './upload-stack';

// The state a crashed ingester leaves: a saga `running` at some step with an expired lease, and
// whatever the steps before had done. The recovery worker must finish or undo it.
describe('upload saga recovery after a crash', () => {
  let stack: UploadStack;
  let db: pg.Client;

  beforeAll(async () => {
    stack = await startUploadStack({ elements: [{ id: 'se-rec-edit', mode: 'edit' }] });
    db = new pg.Client({ connectionString: stack.ingester.database.url });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await stack?.close();
  });

  const element = () => stack.elements[0];

  /** What the store step did before the crash: the file is on the element under the saga's id. */
  async function storeDirectly(fileId: string): Promise<AttrJson> {
    const attributes = {
      original_filename: 'crash.bin',
      retention_policy: 'temporary',
      ttl_expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      description: '',
      tags: [],
      metadata: {},
      saga_id: fileId,
    };
    const response = await fetch(`${element().url}/api/v1/files/${fileId}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${stack.token}`,
        'content-type': 'application/octet-stream',
        'artstore-attributes': Buffer.from(JSON.stringify(attributes)).toString('base64url'),
      },
      body: Buffer.from('bytes a crashed ingester had sent'),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as AttrJson;
  }

  async function leaveCrashedSaga(
    fileId: string,
    stepIndex: number,
    extra: Record<string, unknown>,
  ): Promise<void> {
    const state = {
      file_id: fileId,
      attributes: {},
      idempotency_key: 'crash-key',
      size_hint: null,
      max_element_attempts: 3,
      candidates: [{ id: element().id, url: element().url }],
      ...extra,
    };
    await db.query(
      `INSERT INTO upload_idempotency_keys (client_id, key, fingerprint, saga_id) VALUES ('c', $1, 'f', $2)`,
      [`key-${fileId}`, fileId],
    );
    await db.query(
      `INSERT INTO sagas (id, type, status, step_index, state, log, owner, lease_until)
       VALUES ($1, 'ingester.upload', 'running', $2, $3, '[]', 'crashed-ingester', now() - interval '1 second')`,
      [fileId, stepIndex, JSON.stringify(state)],
    );
  }

  const statusOf = async (id: string) =>
    (await uploadSagas(stack.ingester)).find((saga) => saga.id === id)?.status;

  it('compensates a saga left in the store step: the file is removed by saga id, the key is freed', async () => {
    const fileId = uuidV7();
    await storeDirectly(fileId);
    await leaveCrashedSaga(fileId, 1, {});
    await waitFor(async () => (await statusOf(fileId)) === 'compensated', 20_000, 100);
    expect((await filesOn(element(), stack.token)).map((file) => file.file_id)).not.toContain(fileId);
    expect(await isRegistered(stack, fileId)).toBe(false);
    const keys = await db.query('SELECT 1 FROM upload_idempotency_keys WHERE saga_id = $1', [fileId]);
    expect(keys.rowCount).toBe(0);
  });

  it('finishes a saga left in the register step: the stored file gets registered', async () => {
    const fileId = uuidV7();
    const stored = await storeDirectly(fileId);
    const { schema_version: _schema, saga_id: _saga, ...file } = stored;
    await leaveCrashedSaga(fileId, 2, { element: { id: element().id, url: element().url }, file });
    await waitFor(
      async () => ['completed', 'compensated', 'failed'].includes((await statusOf(fileId)) ?? ''),
      20_000,
      100,
    );
    expect(await statusOf(fileId)).toBe('completed');
    expect((await filesOn(element(), stack.token)).some((entry) => entry.file_id === fileId)).toBe(true);
    expect(await isRegistered(stack, fileId)).toBe(true);
    // The commit step recorded the answer for the upload's Idempotency-Key.
    const keys = await db.query('SELECT response FROM upload_idempotency_keys WHERE saga_id = $1', [fileId]);
    expect(keys.rows[0]).toMatchObject({ response: { file_id: fileId, storage_element_id: element().id } });
  });
});
