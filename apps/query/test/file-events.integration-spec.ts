import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMetadata } from '@artstore/contracts';
import { waitFor } from '@artstore/testing';
import { aFile, eventFields, publishEvents } from './file-events-fixtures';
import { getJson, postJson, QueryStack, type QueryInstance } from './query-stack';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

describe('query index fed by file events', () => {
  let stack: QueryStack;
  let query: QueryInstance;

  beforeAll(async () => {
    stack = await QueryStack.start();
    query = await stack.startInstance();
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function indexed(fileId: string): Promise<FileMetadata | undefined> {
    const { status, body } = await getJson(`${query.url}/api/v1/files/${fileId}`, stack.token());
    return status === 200 ? (body as FileMetadata) : undefined;
  }

  it('keeps the newest version through duplicate, out-of-order and replayed events', async () => {
    const v1 = aFile({ description: 'first' });
    const v2 = { ...v1, version: 2, description: 'second' };
    const v3 = { ...v1, version: 3, description: 'third' };
    await publishEvents(stack.redis, stack.prefix, [
      { type: 'file.created', file: v1, occurredAt: at(1) },
      { type: 'file.updated', file: v3, occurredAt: at(3) },
      { type: 'file.updated', file: v2, occurredAt: at(2) },
      { type: 'file.updated', file: v3, occurredAt: at(3) },
      { type: 'file.created', file: v1, occurredAt: at(1) },
    ]);
    await stack.drained();
    expect(await indexed(v1.file_id)).toEqual(v3);
    const rows = await stack.pool.query('SELECT version FROM indexed_files WHERE file_id = $1', [v1.file_id]);
    expect(rows.rows).toEqual([{ version: 3 }]);
  });

  it('keeps a deleted file deleted when an older create is replayed after the delete', async () => {
    const file = aFile();
    const updated = { ...file, version: 2 };
    await publishEvents(stack.redis, stack.prefix, [
      { type: 'file.created', file, occurredAt: at(1) },
      { type: 'file.updated', file: updated, occurredAt: at(2) },
      { type: 'file.deleted', file: updated, occurredAt: at(3) },
      { type: 'file.created', file, occurredAt: at(1) },
      { type: 'file.updated', file: updated, occurredAt: at(2) },
    ]);
    await stack.drained();
    expect(await indexed(file.file_id)).toBeUndefined();
    const tombstone = await stack.pool.query('SELECT version FROM deleted_files WHERE file_id = $1', [
      file.file_id,
    ]);
    expect(tombstone.rows).toEqual([{ version: 2 }]);
  });

  it('brings a deleted file back when it is registered again after the delete', async () => {
    const file = aFile();
    await publishEvents(stack.redis, stack.prefix, [
      { type: 'file.created', file, occurredAt: at(1) },
      { type: 'file.deleted', file, occurredAt: at(2) },
      // Reconcile restoring the same attr.json later: same version, later change.
      { type: 'file.created', file, occurredAt: at(5) },
      { type: 'file.deleted', file, occurredAt: at(2) },
    ]);
    await stack.drained();
    expect(await indexed(file.file_id)).toEqual(file);
  });

  it('acknowledges and skips entries that are not file events', async () => {
    const key = `${stack.prefix}artstore:file-events`;
    await stack.redis.xadd(key, '*', 'type', 'file.created', 'file_id', 'nope');
    const file = aFile();
    await stack.redis.xadd(
      key,
      '*',
      ...eventFields('file.created', { ...file, version: 2 }).slice(0, 6),
      'file',
      '{',
    );
    await publishEvents(stack.redis, stack.prefix, [{ type: 'file.created', file }]);
    await stack.drained();
    expect(await indexed(file.file_id)).toEqual(file);
    const metrics = await (await fetch(`${query.url}/metrics`)).text();
    expect(metrics).toMatch(/^query_file_events_total\{type="unknown",result="invalid"\} 2$/m);
  });

  it('shows an update in search within a second', async () => {
    const file = aFile({ description: 'draft' });
    await publishEvents(stack.redis, stack.prefix, [{ type: 'file.created', file }]);
    await stack.drained();
    const updated = { ...file, version: 2, description: 'walrus migration' };
    const published = Date.now();
    await publishEvents(stack.redis, stack.prefix, [{ type: 'file.updated', file: updated }]);
    await waitFor(
      async () => {
        const { body } = await postJson(`${query.url}/api/v1/search`, stack.token(), { query: 'walrus' });
        return (body as { items: FileMetadata[] }).items.some((item) => item.file_id === file.file_id);
      },
      1_000,
      20,
    );
    expect(Date.now() - published).toBeLessThan(1_000);
  });

  it('reports the consumer lag in readiness and metrics', async () => {
    await stack.drained();
    await waitFor(async () => {
      const ready = (await getJson(`${query.url}/health/ready`, stack.token())).body as {
        details: Record<string, Record<string, unknown>>;
      };
      return ready.details['file_events']?.['lag'] === 0;
    }, 5_000);
    const metrics = await (await fetch(`${query.url}/metrics`)).text();
    expect(metrics).toMatch(/^query_file_events_consumer_lag 0$/m);
  });
});

describe('query consumers sharing the group', () => {
  let stack: QueryStack;

  beforeAll(async () => {
    stack = await QueryStack.start();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('applies the entries a killed consumer left pending (XAUTOCLAIM)', async () => {
    const key = `${stack.prefix}artstore:file-events`;
    await stack.redis.call('XGROUP', 'CREATE', key, 'query', '0', 'MKSTREAM');
    const files = [aFile(), aFile(), aFile()];
    await publishEvents(
      stack.redis,
      stack.prefix,
      files.map((file) => ({ type: 'file.created' as const, file })),
    );
    // A consumer that read the entries and died before acknowledging them.
    const taken = (await stack.redis.call(
      'XREADGROUP',
      'GROUP',
      'query',
      'dead',
      'COUNT',
      '10',
      'STREAMS',
      key,
      '>',
    )) as unknown[];
    expect(taken).toHaveLength(1);

    const survivor = await stack.startInstance({ FILE_EVENTS_CLAIM_IDLE_MS: '300' });
    await stack.drained();
    for (const file of files) {
      const { status, body } = await getJson(`${survivor.url}/api/v1/files/${file.file_id}`, stack.token());
      expect(status).toBe(200);
      expect(body).toEqual(file);
    }
    await survivor.close();
  });

  it('catches up after Redis went away and came back', async () => {
    // The only consumer: nobody else can apply what arrives while its Redis is cut.
    const instance = await stack.startInstance();
    await stack.drained();
    instance.redisProxy.cut();
    const file = aFile();
    await publishEvents(stack.redis, stack.prefix, [{ type: 'file.created', file }]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const during = await getJson(`${instance.url}/api/v1/files/${file.file_id}`, stack.token());
    expect(during.status).toBe(404);
    instance.redisProxy.restore();
    await stack.drained(15_000);
    const { status } = await getJson(`${instance.url}/api/v1/files/${file.file_id}`, stack.token());
    expect(status).toBe(200);
  });
});
