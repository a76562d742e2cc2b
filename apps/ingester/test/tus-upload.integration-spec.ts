import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceAccountWithSecret } from '@artstore/contracts';
import pg from 'pg';
import { hostAndPort, TcpProxy, waitFor, type RunningTestService } from '@artstore/testing';
import { uuidV7 } from '../src/uploads/uuid-v7';
import { encodeTusMetadata, tusOptions, uploadFirstChunk, uploadIdOf, uploadWithTus } from './tus-client';
import { TusHoldingProxy } from './tus-holding-proxy';
import {
  filesOn,
  isRegistered,
  readBack,
  startUploadStack,
  uploadSagas,
  type UploadStack,
} from './upload-stack';

const MiB = 1024 * 1024;
const MAX_UPLOAD_BYTES = 256 * MiB;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('resumable uploads (tus 1.0.0) at /api/v1/uploads', () => {
  let stack: UploadStack;
  let stagingDir: string;
  let endpoint: string;

  beforeAll(async () => {
    stagingDir = mkdtempSync(path.join(tmpdir(), 'artstore-tus-'));
    stack = await startUploadStack({
      elements: [{ id: 'se-tus-edit', mode: 'edit' }],
      ingesterEnv: { TUS_STAGING_DIR: stagingDir, ARTSTORE_MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) },
    });
    endpoint = `${stack.ingester.url}/api/v1/uploads`;
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await rm(stagingDir, { recursive: true, force: true });
  });

  const element = () => stack.elements[0];

  async function expectStored(fileId: string, size: number, digest: string): Promise<void> {
    expect(await readBack(element(), fileId, stack.token)).toEqual({ sha256: digest, size });
    expect(await isRegistered(stack, fileId)).toBe(true);
  }

  const stagedNames = (dir = stagingDir): string[] => readdirSync(dir);

  function head(url: string, token = stack.token): Promise<Response> {
    return fetch(url, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' },
    });
  }

  function create(metadata: Record<string, string>, length = 10, base = endpoint): Promise<Response> {
    return fetch(base, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.token}`,
        'tus-resumable': '1.0.0',
        'upload-length': String(length),
        'upload-metadata': encodeTusMetadata(metadata),
      },
    });
  }

  describe('complete uploads', () => {
    it.each([
      ['an empty file', 0],
      ['one byte', 1],
      ['5 MiB', 5 * MiB],
    ])('stores %s; the last response names the file, which is the upload', async (_name, size) => {
      const bytes = randomBytes(size);
      const outcome = await uploadWithTus(
        bytes,
        tusOptions(stack.token, {
          endpoint,
          chunkSize: 2 * MiB,
          metadata: { filename: 'data.bin', filetype: 'application/x-test', tags: 'tus' },
        }),
      );
      const fileId = uploadIdOf(outcome.uploadUrl);
      expect(outcome.fileId).toBe(fileId);
      await expectStored(fileId, size, sha256(bytes));
      const stored = await head(outcome.uploadUrl);
      expect(stored.status).toBe(200);
      expect(stored.headers.get('upload-offset')).toBe(String(size));
      expect(stored.headers.get('upload-length')).toBe(String(size));
      expect(stored.headers.get('artstore-file-id')).toBe(fileId);
      // Stored: the staged bytes are gone.
      await waitFor(() => Promise.resolve(!stagedNames().some((name) => name.startsWith(fileId))), 5_000, 50);
    });

    it('stores 200 MiB streamed from a file in 32 MiB chunks', async () => {
      const source = path.join(stagingDir, '..', `tus-200-${process.pid}.bin`);
      const hash = createHash('sha256');
      const out = createWriteStream(source);
      for (let i = 0; i < 200; i += 1) {
        const chunk = randomBytes(MiB);
        hash.update(chunk);
        if (!out.write(chunk)) {
          await once(out, 'drain');
        }
      }
      out.end();
      await once(out, 'finish');
      try {
        const outcome = await uploadWithTus(
          createReadStream(source),
          tusOptions(stack.token, { endpoint, chunkSize: 32 * MiB, metadata: { filename: 'big.bin' } }),
        );
        const fileId = uploadIdOf(outcome.uploadUrl);
        expect(outcome.fileId).toBe(fileId);
        await expectStored(fileId, 200 * MiB, hash.digest('hex'));
      } finally {
        await rm(source, { force: true });
      }
    }, 180_000);

    it('stores a file sent whole with its creation (creation-with-upload)', async () => {
      const bytes = randomBytes(1000);
      const outcome = await uploadWithTus(
        bytes,
        tusOptions(stack.token, {
          endpoint,
          uploadDataDuringCreation: true,
          metadata: { filename: 'one.bin' },
        }),
      );
      expect(outcome.fileId).toBe(uploadIdOf(outcome.uploadUrl));
      await expectStored(uploadIdOf(outcome.uploadUrl), bytes.length, sha256(bytes));
    });
  });

  it('announces tus 1.0.0, its extensions and the size limit (OPTIONS)', async () => {
    const response = await fetch(endpoint, {
      method: 'OPTIONS',
      headers: { authorization: `Bearer ${stack.token}` },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('tus-version')).toBe('1.0.0');
    expect(response.headers.get('tus-extension')?.split(',')).toEqual([
      'creation',
      'creation-with-upload',
      'termination',
      'expiration',
    ]);
    expect(response.headers.get('tus-max-size')).toBe(String(MAX_UPLOAD_BYTES));
  });

  describe('resuming', () => {
    it('completes an upload interrupted after its first chunk from its URL, with the same bytes', async () => {
      const bytes = randomBytes(5 * MiB);
      const options = tusOptions(stack.token, {
        endpoint,
        chunkSize: MiB,
        metadata: { filename: 'resumed.bin' },
      });
      const uploadUrl = await uploadFirstChunk(bytes, options);
      const partial = await head(uploadUrl);
      expect(partial.status).toBe(200);
      expect(partial.headers.get('upload-offset')).toBe(String(MiB));
      const outcome = await uploadWithTus(bytes, { ...options, uploadUrl });
      expect(outcome.uploadUrl).toBe(uploadUrl);
      expect(outcome.fileId).toBe(uploadIdOf(uploadUrl));
      await expectStored(uploadIdOf(uploadUrl), bytes.length, sha256(bytes));
    });
  });

  describe('while the file is being stored', () => {
    let proxy: TusHoldingProxy;
    let service: RunningTestService;

    beforeAll(async () => {
      proxy = await TusHoldingProxy.start(element().url);
      service = await stack.startIngester({
        ARTSTORE_STORAGE_ELEMENTS: `${element().id}=${proxy.url};mode=edit;priority=100`,
        TUS_STAGING_DIR: mkdtempSync(path.join(tmpdir(), 'artstore-tus-held-')),
      });
    });

    afterAll(async () => {
      await proxy?.close();
    });

    it('answers HEAD 423 with Retry-After until stored, then the offset and the file id', async () => {
      const bytes = randomBytes(MiB);
      proxy.hold();
      const finished = uploadWithTus(
        bytes,
        tusOptions(stack.token, { endpoint: `${service.url}/api/v1/uploads`, chunkSize: 4 * MiB }),
      );
      // The store step is waiting for the held element's answer.
      await waitFor(
        async () => (await uploadSagas(service)).some((saga) => saga.status === 'running'),
        10_000,
        50,
      );
      const [fileIdGuess = ''] = await fetchUploadIds(service);
      const uploadUrl = `${service.url}/api/v1/uploads/${fileIdGuess}`;
      const locked = await head(uploadUrl);
      expect(locked.status).toBe(423);
      expect(locked.headers.get('retry-after')).toBe('1');
      proxy.release();
      const outcome = await finished;
      expect(outcome.fileId).toBe(fileIdGuess);
      const stored = await head(uploadUrl);
      expect(stored.status).toBe(200);
      expect(stored.headers.get('upload-offset')).toBe(String(bytes.length));
      expect(stored.headers.get('artstore-file-id')).toBe(fileIdGuess);
      await expectStored(fileIdGuess, bytes.length, sha256(bytes));
    });
  });

  describe('after a failed or interrupted attempt', () => {
    it('starts a new saga attempt when the client retries after the element failed', async () => {
      const gate = await TcpProxy.start(hostAndPort(element().url));
      const service = await stack.startIngester({
        ARTSTORE_STORAGE_ELEMENTS: `${element().id}=${gate.wrap(element().url)};mode=edit;priority=100`,
        TUS_STAGING_DIR: mkdtempSync(path.join(tmpdir(), 'artstore-tus-retry-')),
        BREAKER_RESET_MS: '300',
      });
      try {
        const bytes = randomBytes(300 * 1024);
        gate.cut();
        const statuses: number[] = [];
        const finished = uploadWithTus(
          bytes,
          tusOptions(stack.token, {
            endpoint: `${service.url}/api/v1/uploads`,
            onAfterResponse: (request, response) => {
              statuses.push(response.getStatus());
              // The first attempt has failed (nothing kept): let the element be reachable again.
              if (request.getMethod() === 'PATCH' && response.getStatus() === 503) {
                gate.restore();
              }
            },
          }),
        );
        const outcome = await finished;
        const fileId = uploadIdOf(outcome.uploadUrl);
        expect(outcome.fileId).toBe(fileId);
        expect(statuses).toContain(503);
        await expectStored(fileId, bytes.length, sha256(bytes));
        const attempts = (await uploadSagas(service)).map((saga) => saga.status);
        expect(attempts).toEqual(['compensated', 'completed']);
      } finally {
        await gate.close();
      }
    });

    it('lets the recovery worker finish a saga a crashed ingester left in the store step, from the staging', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'artstore-tus-crash-'));
      const service = await stack.startIngester({ TUS_STAGING_DIR: dir });
      const fileId = uuidV7();
      const sagaId = uuidV7();
      const bytes = randomBytes(700 * 1024);
      await writeFile(path.join(dir, fileId), bytes);
      await writeFile(
        path.join(dir, `${fileId}.json`),
        JSON.stringify({ id: fileId, size: bytes.length, offset: 0 }),
      );
      const db = new pg.Client({ connectionString: service.database.url });
      await db.connect();
      try {
        await db.query(
          `INSERT INTO resumable_uploads (id, client_id, size_bytes, saga_id) VALUES ($1, $2, $3, $4)`,
          [fileId, 'bootstrap-admin', bytes.length, sagaId],
        );
        const state = {
          file_id: fileId,
          attributes: {
            original_filename: 'crash.bin',
            content_type: 'application/octet-stream',
            uploaded_by: 'bootstrap-admin',
            retention_policy: 'temporary',
            ttl_expires_at: new Date(Date.now() + 86_400_000).toISOString(),
            description: '',
            tags: [],
            metadata: {},
            saga_id: sagaId,
          },
          idempotency_key: null,
          size_hint: bytes.length,
          max_element_attempts: 3,
          candidates: [{ id: element().id, url: element().url }],
          staged_body_path: path.join(dir, fileId),
        };
        await db.query(
          `INSERT INTO sagas (id, type, status, step_index, state, log, owner, lease_until)
           VALUES ($1, 'ingester.upload', 'running', 1, $2, '[]', 'crashed-ingester', now() + interval '1 second')`,
          [sagaId, JSON.stringify(state)],
        );
        const uploadUrl = `${service.url}/api/v1/uploads/${fileId}`;
        // Leased by the crashed instance: the upload is being stored, not done.
        expect((await head(uploadUrl)).status).toBe(423);
        await waitFor(async () => (await head(uploadUrl)).status === 200, 20_000, 100);
        const stored = await head(uploadUrl);
        expect(stored.headers.get('artstore-file-id')).toBe(fileId);
        expect(stored.headers.get('upload-offset')).toBe(String(bytes.length));
        expect((await uploadSagas(service)).find((saga) => saga.id === sagaId)?.status).toBe('completed');
        await expectStored(fileId, bytes.length, sha256(bytes));
        await waitFor(() => Promise.resolve(stagedNames(dir).length === 0), 5_000, 50);
      } finally {
        await db.end();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('refusals', () => {
    it.each([
      [{ retention_policy: 'forever' }, 'retention_policy'],
      [{ ttl_days: '0' }, 'ttl_days'],
      [{ ttl_days: '366' }, 'ttl_days'],
      [{ metadata: '[1,2]' }, 'metadata'],
      [{ colour: 'red' }, 'colour'],
    ])('refuses Upload-Metadata %j with 400 naming the key; nothing is staged', async (metadata, key) => {
      const before = stagedNames();
      const response = await create(metadata);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(key);
      expect(response.headers.get('location')).toBeNull();
      expect(stagedNames()).toEqual(before);
    });

    it('refuses an Upload-Length over ARTSTORE_MAX_UPLOAD_BYTES with 413', async () => {
      const before = stagedNames();
      const response = await create({ filename: 'huge.bin' }, MAX_UPLOAD_BYTES + 1);
      expect(response.status).toBe(413);
      expect(stagedNames()).toEqual(before);
    });

    it('refuses a file whose bytes do not match the sha256 in Upload-Metadata; nothing is stored', async () => {
      const bytes = randomBytes(64 * 1024);
      const error = await uploadWithTus(
        bytes,
        tusOptions(stack.token, {
          endpoint,
          metadata: { filename: 'bad.bin', sha256: sha256(Buffer.from('other')) },
        }),
      ).then(
        () => undefined,
        (failure: unknown) => failure as { originalResponse?: { getStatus(): number; getBody(): string } },
      );
      expect(error?.originalResponse?.getStatus()).toBe(460);
      expect(error?.originalResponse?.getBody()).toContain('sha256');
      const ids = await fetchUploadIds(stack.ingester);
      const fileId = ids[ids.length - 1] ?? '';
      expect((await filesOn(element(), stack.token)).map((file) => file.file_id)).not.toContain(fileId);
      expect(await isRegistered(stack, fileId)).toBe(false);
      expect(stagedNames().some((name) => name.startsWith(fileId))).toBe(false);
    });

    it('accepts the right sha256', async () => {
      const bytes = randomBytes(1000);
      const outcome = await uploadWithTus(
        bytes,
        tusOptions(stack.token, { endpoint, metadata: { filename: 'good.bin', sha256: sha256(bytes) } }),
      );
      await expectStored(outcome.fileId ?? '', bytes.length, sha256(bytes));
    });

    it('answers another client 404 for an upload it did not create', async () => {
      const uploadUrl = await uploadFirstChunk(
        randomBytes(2 * MiB),
        tusOptions(stack.token, { endpoint, chunkSize: MiB }),
      );
      const other = await otherClientToken();
      expect((await head(uploadUrl, other)).status).toBe(404);
      const patch = await fetch(uploadUrl, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${other}`,
          'tus-resumable': '1.0.0',
          'upload-offset': String(MiB),
          'content-type': 'application/offset+octet-stream',
        },
        body: Buffer.alloc(10),
      });
      expect(patch.status).toBe(404);
      expect(
        (
          await fetch(uploadUrl, {
            method: 'DELETE',
            headers: { authorization: `Bearer ${other}`, 'tus-resumable': '1.0.0' },
          })
        ).status,
      ).toBe(404);
      expect((await head(uploadUrl)).headers.get('upload-offset')).toBe(String(MiB));
    });

    it('refuses a request without a token', async () => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'tus-resumable': '1.0.0', 'upload-length': '1' },
      });
      expect(response.status).toBe(401);
    });
  });

  describe('staging lifecycle', () => {
    it('removes the staged bytes when the client terminates the upload', async () => {
      const uploadUrl = await uploadFirstChunk(
        randomBytes(2 * MiB),
        tusOptions(stack.token, { endpoint, chunkSize: MiB }),
      );
      const id = uploadIdOf(uploadUrl);
      expect(stagedNames()).toEqual(expect.arrayContaining([id, `${id}.json`]));
      const response = await fetch(uploadUrl, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${stack.token}`, 'tus-resumable': '1.0.0' },
      });
      expect(response.status).toBe(204);
      expect(stagedNames().filter((name) => name.startsWith(id))).toEqual([]);
      expect((await head(uploadUrl)).status).toBe(404);
    });

    it('removes expired staging in the periodic cleanup', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'artstore-tus-expiry-'));
      const service = await stack.startIngester({
        TUS_STAGING_DIR: dir,
        TUS_EXPIRATION_MS: '1500',
        TUS_CLEANUP_INTERVAL_MS: '200',
      });
      const uploadUrl = await uploadFirstChunk(
        randomBytes(2 * MiB),
        tusOptions(stack.token, { endpoint: `${service.url}/api/v1/uploads`, chunkSize: MiB }),
      );
      expect(stagedNames(dir)).toHaveLength(2);
      await waitFor(() => Promise.resolve(stagedNames(dir).length === 0), 10_000, 100);
      expect((await head(uploadUrl)).status).toBe(404);
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toMatch(/ingest_tus_uploads_total\{result="expired"\} 1/);
      await rm(dir, { recursive: true, force: true });
    });
  });

  async function otherClientToken(): Promise<string> {
    const response = await fetch(`${stack.admin.url}/api/v1/service-accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'tus other client', role: 'user' }),
    });
    expect(response.status).toBe(201);
    const account = (await response.json()) as ServiceAccountWithSecret;
    return stack.admin.token({ clientId: account.client_id, clientSecret: account.client_secret });
  }
});

async function fetchUploadIds(service: RunningTestService): Promise<string[]> {
  const client = new pg.Client({ connectionString: service.database.url });
  await client.connect();
  try {
    const result = await client.query<{ id: string }>(`SELECT id FROM resumable_uploads ORDER BY created_at`);
    return result.rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}
