import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { hostAndPort, TcpProxy, testInfra, waitFor } from '@artstore/testing';
import { generatedBytes, postUpload } from './multipart-form';
import { filesOn, registeredOn, startUploadStack, uploadSagas, type UploadStack } from './upload-stack';

const MiB = 1024 * 1024;

// Failure injection with real processes: whatever fails, the upload ends compensated (nothing on any
// element, nothing registered) or completed, never half-done.
describe('upload saga failure handling', () => {
  let stack: UploadStack;

  beforeAll(async () => {
    stack = await startUploadStack({ elements: [{ id: 'se-fail-edit', mode: 'edit' }] });
    // Warms the ingester's service token and both sides' JWKS caches while the admin is up.
    await postUpload(stack.ingester.url, stack.token, [
      { name: 'file', filename: 'w.txt', content: Buffer.from('w') },
    ]);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const element = () => stack.elements[0];

  /** What the element holds and the registry lists; a compensated upload leaves both unchanged. */
  const snapshot = async (registry = true) => ({
    stored: (await filesOn(element(), stack.token)).map((file) => file.file_id).sort(),
    registered: registry ? (await registeredOn(stack, element().id)).sort() : [],
  });

  it('moves on to the next element when the first cannot be reached before any byte was sent', async () => {
    const fallback = await stack.startIngester({
      ARTSTORE_STORAGE_ELEMENTS: `se-dead=http://127.0.0.1:9;mode=edit;priority=1,${element().staticEntry}`,
    });
    const response = await postUpload(fallback.url, stack.token, [
      { name: 'file', filename: 'next.txt', content: Buffer.from('second choice') },
    ]);
    expect(response.status).toBe(201);
    const stored = (await response.json()) as { file_id: string; storage_element_id: string };
    expect(stored.storage_element_id).toBe(element().id);
    expect((await filesOn(element(), stack.token)).map((file) => file.file_id)).toContain(stored.file_id);
  });

  it(
    'compensates when the element dies mid-stream: nothing stored, nothing registered',
    { timeout: 90_000 },
    async () => {
      const before = await snapshot();
      const sagaCount = (await uploadSagas(stack.ingester)).length;
      const upload = postUpload(stack.ingester.url, stack.token, [
        {
          name: 'file',
          filename: 'cut.bin',
          content: generatedBytes(64 * MiB, { chunkBytes: MiB, delayMs: 50 }),
        },
      ]).catch((error: unknown) => error);
      await waitFor(async () => (await uploadSagas(stack.ingester)).length > sagaCount, 10_000, 50);
      await new Promise((resolve) => setTimeout(resolve, 500));
      try {
        await element().kill();
        const response = await upload;
        // The ingester answers while the client still sends, then closes: a client may see the
        // answer or only the closed connection, depending on timing.
        if (response instanceof Response) {
          expect(response.status).toBe(503);
          expect(((await response.json()) as { code: string }).code).toBe('element_unavailable');
        } else {
          expect(String((response as Error).cause)).toMatch(/EPIPE|ECONNRESET|other side closed/);
        }
        await waitFor(
          async () => (await uploadSagas(stack.ingester)).at(-1)?.status === 'compensated',
          10_000,
          50,
        );
      } finally {
        // The element's WAL recovery rolls back the cut transaction when it comes back.
        await element().restart();
      }
      expect(await snapshot()).toEqual(before);
    },
  );

  it(
    'compensates when the admin is down at the register step: the file is removed from the element',
    { timeout: 90_000 },
    async () => {
      const before = await snapshot();
      await stack.admin.kill();
      try {
        const response = await postUpload(stack.ingester.url, stack.token, [
          { name: 'file', filename: 'orphan.txt', content: Buffer.from('no registry') },
        ]);
        expect(response.status).toBe(503);
        expect(((await response.json()) as { code: string }).code).toBe('registry_unavailable');
        expect((await uploadSagas(stack.ingester)).at(-1)?.status).toBe('compensated');
        expect(await snapshot(false)).toEqual({ ...before, registered: [] });
      } finally {
        await stack.admin.restart();
      }
      expect(await snapshot()).toEqual(before);
    },
  );
});

// SPEC §6's publish step is the admin's outbox: the registration commits with its event, and the
// relay appends it to the stream once Redis answers again.
describe('upload saga: Redis down at the publish step', () => {
  let redisProxy: TcpProxy;
  let stack: UploadStack;
  let redis: Redis;

  beforeAll(async () => {
    redisProxy = await TcpProxy.start(hostAndPort(testInfra.redisUrl));
    stack = await startUploadStack({
      elements: [{ id: 'se-pub-edit', mode: 'edit' }],
      adminEnv: { REDIS_URL: redisProxy.wrap(testInfra.redisUrl), FILE_EVENTS_RELAY_INTERVAL_MS: '200' },
    });
    redis = new Redis(testInfra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await stack?.close();
    await redisProxy?.close();
  });

  const eventsOf = async (fileId: string) =>
    (await redis.xrange(`${stack.admin.redisKeyPrefix}artstore:file-events`, '-', '+'))
      .map(([, fields]) => Object.fromEntries(chunks(fields)))
      .filter((fields) => fields['file_id'] === fileId);

  it('completes the upload while the admin cannot reach Redis; the event follows once it can', async () => {
    redisProxy.cut();
    const response = await postUpload(stack.ingester.url, stack.token, [
      { name: 'file', filename: 'unpublished.txt', content: Buffer.from('stored while Redis was away') },
    ]);
    expect(response.status).toBe(201);
    const { file_id: fileId } = (await response.json()) as { file_id: string };
    expect(await registeredOn(stack, stack.elements[0].id)).toContain(fileId);
    expect((await uploadSagas(stack.ingester)).find((saga) => saga.id === fileId)?.status).toBe('completed');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await eventsOf(fileId)).toEqual([]);

    redisProxy.restore();
    await waitFor(async () => (await eventsOf(fileId)).length === 1, 15_000, 100);
    expect((await eventsOf(fileId))[0]).toMatchObject({
      type: 'file.created',
      file_id: fileId,
      version: '1',
    });
  }, 60_000);
});

function chunks(fields: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let index = 0; index + 1 < fields.length; index += 2) {
    pairs.push([fields[index] ?? '', fields[index + 1] ?? '']);
  }
  return pairs;
}
