import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFileId } from '@artstore/attr-wal';
import type { AttrJson } from '@artstore/contracts';
import {
  startServiceUnderTest,
  startTestIssuer,
  waitFor,
  type RunningTestService,
  type TestIssuer,
} from '@artstore/testing';
import {
  aDataDirectory,
  anElement,
  answerBeforeBody,
  comparableHeaders,
  encodeAttributesHeader,
  expectProblem,
  FileApiClient,
  hourTreeFiles,
  putChunked,
  someAttributes,
} from './file-api-client';

/** What differs between the element's storage backends; the behaviour under test does not. */
export interface FileApiBackend {
  name: 'fs' | 's3';
  /** Extra env for every element of the suite (e.g. SE_BACKEND and the S3 variables). */
  env(): Promise<Record<string, string>> | Record<string, string>;
  /** Flips stored bytes of the file's data (not its attr.json); the corruption tests need it. */
  corruptData?(dataDir: string, fileId: string): Promise<void>;
  /** Every key of the backend's object store; without it the data directory's hour tree is read. */
  storedKeys?(): Promise<string[]>;
}

const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const reprDigest = (bytes: Buffer): string =>
  `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function someBytes(size: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index += 1) {
    bytes[index] = (index * 31 + seed * 17) & 0xff;
  }
  return bytes;
}

/** Reads the body; `undefined` when the transfer broke before its end. */
async function bodyOrBroken(response: Response): Promise<Buffer | undefined> {
  try {
    return Buffer.from(await response.arrayBuffer());
  } catch {
    return undefined;
  }
}

/** The status of a response whose body is not wanted (read to its end or broken, never left open). */
async function statusOf(pending: Promise<Response>): Promise<number> {
  const response = await pending;
  await bodyOrBroken(response);
  return response.status;
}

export function describeFileApi(backend: FileApiBackend): void {
  describe(`storage element file API (${backend.name})`, () => {
    let issuer: TestIssuer;
    let backendEnv: Record<string, string>;

    beforeAll(async () => {
      issuer = await startTestIssuer();
      backendEnv = await backend.env();
    });

    afterAll(async () => {
      await issuer?.stop();
    });

    /** Files the backend holds: its object keys (if any) plus the local hour tree (temp files live there). */
    const storedFiles = async (dataDir: string): Promise<string[]> => {
      const keys = backend.storedKeys ? await backend.storedKeys() : [];
      return [...keys.filter((key) => /\d{4}\/\d{2}\/\d{2}\//.test(key)), ...(await hourTreeFiles(dataDir))];
    };

    /** The backend's env for one element; on S3 each element gets a key prefix of its own. */
    const elementEnv = (elementId: string): Record<string, string> =>
      backendEnv['SE_BACKEND'] === 's3'
        ? {
            ...backendEnv,
            SE_S3_PREFIX: `${backendEnv['SE_S3_PREFIX'] ?? ''}/${elementId}`.replace(/^\/+/, ''),
          }
        : backendEnv;

    const storedFilesOf = async (dataDir: string, fileId: string): Promise<string[]> =>
      (await storedFiles(dataDir)).filter((file) => file.includes(fileId));

    describe('an element in edit', () => {
      const { dataDir } = aDataDirectory();
      let service: RunningTestService;
      let files: FileApiClient;

      beforeAll(async () => {
        service = await startServiceUnderTest(
          anElement({ SE_ID: `se-files-${backend.name}`, SE_DATA_DIR: dataDir, ...elementEnv('se-files') }),
          { issuer },
        );
        files = new FileApiClient(() => service, issuer);
      });

      afterAll(async () => {
        await service?.close();
      });

      describe('PUT /api/v1/files/{id}', () => {
        it('stores a file: 201 with its attributes', async () => {
          const fileId = newFileId();
          const content = someBytes(3000);
          const response = await files.put(fileId, content, {
            contentType: 'image/tiff',
            attributes: someAttributes({ original_filename: 'scan 1.tiff', tags: ['a', 'b'] }),
          });
          expect(response.status).toBe(201);
          expect(response.headers.get('content-type')).toMatch(/^application\/json/);
          const attributes = (await response.json()) as AttrJson;
          expect(attributes).toMatchObject({
            schema_version: expect.any(Number) as number,
            file_id: fileId,
            original_filename: 'scan 1.tiff',
            content_type: 'image/tiff',
            size_bytes: 3000,
            sha256: sha256Of(content),
            storage_element_id: `se-files-${backend.name}`,
            uploaded_by: 'client-user',
            retention_policy: 'permanent',
            ttl_expires_at: null,
            description: 'a scan',
            tags: ['a', 'b'],
            metadata: { dpi: 600 },
            version: 1,
            saga_id: null,
          });
          expect(attributes.updated_at).toBe(attributes.created_at);
          expect(await files.attributesOrUndefined(fileId)).toEqual(attributes);
          expect(await storedFilesOf(dataDir, fileId)).toHaveLength(2);
        });

        it('answers 200 with the stored attributes to the same id and content again', async () => {
          const fileId = newFileId();
          const content = someBytes(100, 2);
          const first = await files.create(fileId, content);
          const again = await files.put(fileId, content, {
            attributes: someAttributes({ description: 'ignored on a retry' }),
          });
          expect(again.status).toBe(200);
          expect(await again.json()).toEqual(first);
        });

        it('answers 409 file_exists_with_other_content to other content under the same id', async () => {
          const fileId = newFileId();
          const first = await files.create(fileId, someBytes(100, 3));
          await expectProblem(
            await files.put(fileId, someBytes(100, 4)),
            409,
            'file_exists_with_other_content',
          );
          expect(await files.attributesOrUndefined(fileId)).toEqual(first);
          const download = await files.get(fileId);
          expect(Buffer.from(await download.arrayBuffer()).equals(someBytes(100, 3))).toBe(true);
        });

        it('stores an empty file', async () => {
          const fileId = newFileId();
          const attributes = await files.create(fileId, Buffer.alloc(0));
          expect(attributes).toMatchObject({ size_bytes: 0, sha256: EMPTY_SHA256 });
          const download = await files.get(fileId);
          expect(download.status).toBe(200);
          expect(download.headers.get('content-length')).toBe('0');
          expect(download.headers.get('etag')).toBe(`"${EMPTY_SHA256}"`);
          expect((await download.arrayBuffer()).byteLength).toBe(0);
        });

        it('accepts a matching Repr-Digest (201)', async () => {
          const content = someBytes(500, 5);
          const fileId = newFileId();
          const response = await files.put(fileId, content, {
            headers: { 'repr-digest': reprDigest(content) },
          });
          expect(response.status).toBe(201);
          expect(((await response.json()) as AttrJson).sha256).toBe(sha256Of(content));
        });

        it('refuses a mismatching Repr-Digest with 400 digest_mismatch and stores nothing', async () => {
          const fileId = newFileId();
          const response = await files.put(fileId, someBytes(500, 5), {
            headers: { 'repr-digest': reprDigest(someBytes(500, 6)) },
          });
          await expectProblem(response, 400, 'digest_mismatch');
          expect(await files.attributesOrUndefined(fileId)).toBeUndefined();
          expect(await storedFilesOf(dataDir, fileId)).toEqual([]);
        });

        it('refuses a malformed Repr-Digest with 400', async () => {
          const fileId = newFileId();
          const problem = await expectProblem(
            await files.put(fileId, 'x', { headers: { 'repr-digest': 'sha-256=:abc:' } }),
            400,
            'invalid_input',
          );
          expect(problem.detail).toContain('Repr-Digest');
          expect(await files.attributesOrUndefined(fileId)).toBeUndefined();
        });

        it.each([
          ['not a UUID', 'not-a-uuid'],
          ['a UUIDv4', '3b241101-e2bb-4255-8caf-4136c566a962'],
          ['an uppercase UUIDv7', newFileId().toUpperCase()],
          ['an encoded traversal', '..%2F..%2Fetc%2Fpasswd'],
        ])('refuses %s as id with 400 invalid_file_id', async (_name, fileId) => {
          await expectProblem(await files.put(fileId, 'content'), 400, 'invalid_file_id');
          await expectProblem(await files.get(fileId), 400, 'invalid_file_id');
        });

        it.each([
          ['a missing header', { attributesHeader: '' }],
          ['a header that is not base64url', { attributesHeader: 'a+b/c=' }],
          ['a header that is not JSON', { attributesHeader: Buffer.from('{nope').toString('base64url') }],
          ['an unknown field', { attributes: someAttributes({ owner: 'me' }) }],
          ['a bad retention policy', { attributes: someAttributes({ retention_policy: 'forever' }) }],
          ['a temporary file without ttl', { attributes: someAttributes({ retention_policy: 'temporary' }) }],
          ['a bad content type', { contentType: 'not a type' }],
        ])('refuses %s with 400 and stores nothing', async (_name, options) => {
          const other = newFileId();
          await expectProblem(await files.put(other, someBytes(64), options), 400, 'invalid_input');
          expect(await files.attributesOrUndefined(other)).toBeUndefined();
          expect(await storedFilesOf(dataDir, other)).toEqual([]);
        });
      });

      describe('GET /api/v1/files/{id}', () => {
        const content = someBytes(100_000, 9);
        let stored: AttrJson;

        beforeAll(async () => {
          stored = await files.create(newFileId(), content, {
            contentType: 'text/plain; charset=utf-8',
            attributes: someAttributes({ original_filename: 'notes "final".txt' }),
          });
        });

        it('streams the identical bytes with every representation header', async () => {
          const response = await files.get(stored.file_id);
          expect(response.status).toBe(200);
          expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
          const headers = response.headers;
          expect(headers.get('etag')).toBe(`"${sha256Of(content)}"`);
          expect(headers.get('repr-digest')).toBe(reprDigest(content));
          expect(headers.get('accept-ranges')).toBe('bytes');
          expect(headers.get('content-type')).toBe('text/plain; charset=utf-8');
          expect(headers.get('content-length')).toBe(String(content.byteLength));
          expect(headers.get('content-disposition')).toBe('attachment; filename="notes \\"final\\".txt"');
          const lastModified = headers.get('last-modified') ?? '';
          expect(new Date(lastModified).toUTCString()).toBe(lastModified);
          expect(Math.abs(Date.parse(lastModified) - Date.parse(stored.created_at))).toBeLessThan(1000);
        });

        it('answers 404 file_not_found for an unknown id', async () => {
          await expectProblem(await files.get(newFileId()), 404, 'file_not_found');
        });

        it('answers 206 with Content-Range to a single range', async () => {
          const response = await files.get(stored.file_id, { range: 'bytes=10-19' });
          expect(response.status).toBe(206);
          expect(response.headers.get('content-range')).toBe(`bytes 10-19/${content.byteLength}`);
          expect(response.headers.get('content-length')).toBe('10');
          expect(Buffer.from(await response.arrayBuffer()).equals(content.subarray(10, 20))).toBe(true);
        });

        it('answers 206 to suffix and open-ended ranges', async () => {
          const suffix = await files.get(stored.file_id, { range: 'bytes=-7' });
          expect(suffix.status).toBe(206);
          expect(Buffer.from(await suffix.arrayBuffer()).equals(content.subarray(-7))).toBe(true);
          const open = await files.get(stored.file_id, { range: 'bytes=99990-' });
          expect(open.status).toBe(206);
          expect(open.headers.get('content-range')).toBe(`bytes 99990-99999/${content.byteLength}`);
          expect(Buffer.from(await open.arrayBuffer()).equals(content.subarray(99_990))).toBe(true);
        });

        it('answers 416 with bytes */size to an unsatisfiable range', async () => {
          const response = await files.get(stored.file_id, { range: `bytes=${content.byteLength}-` });
          expect(response.status).toBe(416);
          expect(response.headers.get('content-range')).toBe(`bytes */${content.byteLength}`);
          await response.arrayBuffer();
        });

        it('answers 200 with the whole file to ranges that do not merge', async () => {
          const response = await files.get(stored.file_id, { range: 'bytes=0-1,50-51' });
          expect(response.status).toBe(200);
          expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
        });

        it('answers 304 with the validators to a matching If-None-Match', async () => {
          const etag = `"${stored.sha256}"`;
          for (const ifNoneMatch of [etag, `W/${etag}`, '*']) {
            const response = await files.get(stored.file_id, { 'if-none-match': ifNoneMatch });
            expect(response.status).toBe(304);
            expect(response.headers.get('etag')).toBe(etag);
            expect(response.headers.get('last-modified')).toBeTruthy();
            expect((await response.arrayBuffer()).byteLength).toBe(0);
          }
          const modified = await files.get(stored.file_id, { 'if-none-match': `"${'0'.repeat(64)}"` });
          expect(modified.status).toBe(200);
          await modified.arrayBuffer();
        });

        it('answers 304 to If-Modified-Since at or after Last-Modified', async () => {
          const head = await files.head(stored.file_id);
          const lastModified = head.headers.get('last-modified') ?? '';
          const response = await files.get(stored.file_id, { 'if-modified-since': lastModified });
          expect(response.status).toBe(304);
          await response.arrayBuffer();
        });

        it('honours If-Range: the range when the tag matches, the whole file when not', async () => {
          const matching = await files.get(stored.file_id, {
            range: 'bytes=0-4',
            'if-range': `"${stored.sha256}"`,
          });
          expect(matching.status).toBe(206);
          expect(Buffer.from(await matching.arrayBuffer()).equals(content.subarray(0, 5))).toBe(true);
          const stale = await files.get(stored.file_id, {
            range: 'bytes=0-4',
            'if-range': `"${'1'.repeat(64)}"`,
          });
          expect(stale.status).toBe(200);
          expect(Buffer.from(await stale.arrayBuffer()).equals(content)).toBe(true);
        });

        it('answers 412 to a failing If-Match and 200 to a matching one', async () => {
          const failing = await files.get(stored.file_id, { 'if-match': `"${'2'.repeat(64)}"` });
          expect(failing.status).toBe(412);
          expect(failing.headers.get('etag')).toBe(`"${stored.sha256}"`);
          await failing.arrayBuffer();
          const matching = await files.get(stored.file_id, { 'if-match': `"${stored.sha256}"` });
          expect(matching.status).toBe(200);
          await matching.arrayBuffer();
        });

        it.each([
          ['200', {}],
          ['206', { range: 'bytes=5-9' }],
          ['304', { 'if-none-match': '*' }],
          ['412', { 'if-match': '"nope"' }],
          ['416', { range: 'bytes=999999-' }],
          ['200 for an ignored range', { range: 'bytes=0-1,9-10' }],
        ])('answers HEAD exactly like GET, without a body (%s)', async (_name, headers) => {
          const get = await files.get(stored.file_id, headers);
          const getBody = await get.arrayBuffer();
          const head = await files.head(stored.file_id, headers);
          expect(head.status).toBe(get.status);
          expect(comparableHeaders(head)).toEqual(comparableHeaders(get));
          expect((await head.arrayBuffer()).byteLength).toBe(0);
          if (get.status === 200 || get.status === 206) {
            expect(getBody.byteLength).toBe(Number(get.headers.get('content-length')));
          }
        });

        it('answers HEAD of an unknown file with 404 and no body', async () => {
          const head = await files.head(newFileId());
          expect(head.status).toBe(404);
          expect((await head.arrayBuffer()).byteLength).toBe(0);
        });
      });

      describe('attributes', () => {
        it('PATCH changes the attributes, version + 1 and a new updated_at', async () => {
          const created = await files.create(newFileId(), 'patch me');
          await new Promise((resolve) => setTimeout(resolve, 5));
          const response = await files.patch(created.file_id, { description: 'changed', tags: ['x'] });
          expect(response.status).toBe(200);
          const patched = (await response.json()) as AttrJson;
          expect(patched).toEqual({
            ...created,
            description: 'changed',
            tags: ['x'],
            version: 2,
            updated_at: patched.updated_at,
          });
          expect(patched.updated_at).not.toBe(created.updated_at);
          expect(Date.parse(patched.updated_at)).toBeGreaterThan(Date.parse(created.updated_at));
          expect(await files.attributesOrUndefined(created.file_id)).toEqual(patched);
        });

        it.each([
          ['an empty patch', {}],
          ['an unknown field', { sha256: '0'.repeat(64) }],
          ['a wrong type', { tags: 'x' }],
          ['a bad content type', { content_type: 'nope' }],
          ['a temporary file without ttl', { retention_policy: 'temporary' }],
          ['a ttl on a permanent file', { ttl_expires_at: '2030-01-01T00:00:00Z' }],
          ['a JSON array', []],
        ])('refuses %s with 400 and changes nothing', async (_name, body) => {
          const created = await files.create(newFileId(), 'keep me');
          await expectProblem(await files.patch(created.file_id, body), 400, 'invalid_input');
          expect(await files.attributesOrUndefined(created.file_id)).toEqual(created);
        });

        it('keeps retention and ttl paired across patches', async () => {
          const created = await files.create(newFileId(), 'ttl');
          const toTemporary = await files.patch(created.file_id, {
            retention_policy: 'temporary',
            ttl_expires_at: '2031-05-06T07:08:09+02:00',
          });
          expect(toTemporary.status).toBe(200);
          expect(await toTemporary.json()).toMatchObject({
            retention_policy: 'temporary',
            ttl_expires_at: expect.stringMatching(/^2031-05-06T0[57]:08:09/) as string,
            version: 2,
          });
          await expectProblem(
            await files.patch(created.file_id, { retention_policy: 'permanent' }),
            400,
            'invalid_input',
          );
          const back = await files.patch(created.file_id, {
            retention_policy: 'permanent',
            ttl_expires_at: null,
          });
          expect(back.status).toBe(200);
          expect(await back.json()).toMatchObject({
            retention_policy: 'permanent',
            ttl_expires_at: null,
            version: 3,
          });
        });

        it('answers 404 for an unknown file', async () => {
          await expectProblem(await files.attributes(newFileId()), 404, 'file_not_found');
          await expectProblem(await files.patch(newFileId(), { description: 'x' }), 404, 'file_not_found');
        });
      });

      describe('DELETE /api/v1/files/{id}', () => {
        it('deletes: 200 with the last attributes, then 404', async () => {
          const created = await files.create(newFileId(), 'delete me');
          const response = await files.delete(created.file_id);
          expect(response.status).toBe(200);
          expect(await response.json()).toEqual(created);
          await expectProblem(await files.get(created.file_id), 404, 'file_not_found');
          await expectProblem(await files.attributes(created.file_id), 404, 'file_not_found');
          await expectProblem(await files.delete(created.file_id), 404, 'file_not_found');
          expect(await storedFilesOf(dataDir, created.file_id)).toEqual([]);
        });
      });

      describe('permissions', () => {
        it('refuses PUT to a readonly token (403) but lets it read', async () => {
          const created = await files.create(newFileId(), 'readable');
          const fileId = newFileId();
          await expectProblem(await files.put(fileId, 'x', { role: 'readonly' }), 403, 'insufficient_scope');
          expect(await files.attributesOrUndefined(fileId)).toBeUndefined();
          const read = await files.get(created.file_id, {}, 'readonly');
          expect(read.status).toBe(200);
          expect(await read.text()).toBe('readable');
        });

        it('refuses every file route without a token (401)', async () => {
          const created = await files.create(newFileId(), 'private');
          await expectProblem(await files.put(newFileId(), 'x', { role: null }), 401, 'missing_token');
          await expectProblem(await files.get(created.file_id, {}, null), 401, 'missing_token');
          await expectProblem(
            await fetch(files.fileUrl(created.file_id, '/attributes')),
            401,
            'missing_token',
          );
          await expectProblem(await fetch(`${files.url}/api/v1/files?limit=1`), 401, 'missing_token');
          await expectProblem(
            await fetch(files.fileUrl(created.file_id), { method: 'DELETE' }),
            401,
            'missing_token',
          );
          expect(await files.attributesOrUndefined(created.file_id)).toEqual(created);
        });
      });

      describe.runIf(backend.corruptData !== undefined)('corruption', () => {
        it('breaks the transfer of a corrupted file, then refuses it with 500 file_corrupted', async () => {
          const content = someBytes(300_000, 11);
          const created = await files.create(newFileId(), content);
          await backend.corruptData?.(dataDir, created.file_id);

          const first = await files.get(created.file_id);
          const body = first.status === 200 ? await bodyOrBroken(first) : undefined;
          if (first.status === 200) {
            // Never a clean 200 with the whole body: the read rejects or stops short.
            expect(body === undefined || body.byteLength < content.byteLength).toBe(true);
          } else {
            await expectProblem(first, 500, 'file_corrupted');
          }

          await waitFor(async () => (await statusOf(files.get(created.file_id))) === 500, 5_000);
          const problem = await expectProblem(await files.get(created.file_id), 500, 'file_corrupted');
          expect(problem.detail).toContain(created.file_id);
          await expectProblem(
            await files.get(created.file_id, { range: 'bytes=0-9' }),
            500,
            'file_corrupted',
          );
          // The attributes stay readable: the file is reported, not hidden.
          expect(await files.attributesOrUndefined(created.file_id)).toEqual(created);
        });

        it('refuses a Range GET of a file already known to be corrupted', async () => {
          const content = someBytes(1000, 12);
          const created = await files.create(newFileId(), content);
          await backend.corruptData?.(dataDir, created.file_id);
          const whole = await files.get(created.file_id);
          await bodyOrBroken(whole);
          await waitFor(async () => (await statusOf(files.get(created.file_id))) === 500, 5_000);
          await expectProblem(
            await files.get(created.file_id, { range: 'bytes=-10' }),
            500,
            'file_corrupted',
          );
        });
      });
    });

    describe('limits and capacity', () => {
      const { dataDir } = aDataDirectory();
      const CAPACITY = 100_000;
      const MAX_UPLOAD = 150_000;
      let service: RunningTestService;
      let files: FileApiClient;

      beforeAll(async () => {
        service = await startServiceUnderTest(
          anElement({
            SE_ID: `se-capacity-${backend.name}`,
            SE_DATA_DIR: dataDir,
            SE_CAPACITY_BYTES: String(CAPACITY),
            ...elementEnv('se-capacity'),
          }),
          { issuer, env: { ARTSTORE_MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } },
        );
        files = new FileApiClient(() => service, issuer);
        await files.create(newFileId(), someBytes(30_000));
      });

      afterAll(async () => {
        await service?.close();
      });

      const putHeaders = (length?: number): Record<string, string> => ({
        ...files.authorization(),
        'content-type': 'application/octet-stream',
        'artstore-attributes': encodeAttributesHeader(someAttributes()),
        ...(length === undefined ? {} : { 'content-length': String(length) }),
      });

      it('answers 413 payload_too_large over ARTSTORE_MAX_UPLOAD_BYTES and stores nothing', async () => {
        const before = await files.info();
        const fileId = newFileId();
        await expectProblem(await files.put(fileId, someBytes(MAX_UPLOAD + 1)), 413, 'payload_too_large');
        expect(await files.attributesOrUndefined(fileId)).toBeUndefined();
        expect(await storedFilesOf(dataDir, fileId)).toEqual([]);
        expect(await files.info()).toEqual(before);
      });

      it('answers 413 to a declared Content-Length over the limit before the body is sent', async () => {
        const fileId = newFileId();
        const answer = await answerBeforeBody(files.fileUrl(fileId), putHeaders(MAX_UPLOAD + 1));
        expect(answer.status).toBe(413);
        expect(JSON.parse(answer.body)).toMatchObject({ code: 'payload_too_large' });
      });

      it('answers 507 before the body is sent when Content-Length exceeds the free capacity', async () => {
        const before = await files.info();
        const fileId = newFileId();
        const answer = await answerBeforeBody(files.fileUrl(fileId), putHeaders(before.free_bytes + 1));
        expect(answer.status).toBe(507);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(answer.body)).toMatchObject({ status: 507, code: 'insufficient_storage' });
        expect(await files.attributesOrUndefined(fileId)).toBeUndefined();
        expect(await storedFilesOf(dataDir, fileId)).toEqual([]);
        expect(await files.info()).toEqual(before);
      });

      it('answers 507 mid-stream to a chunked body that stops fitting, leaving nothing behind', async () => {
        const before = await files.info();
        const filesBefore = await storedFiles(dataDir);
        const fileId = newFileId();
        const chunks = Array.from({ length: 20 }, (_value, index) => someBytes(5_000, index));
        const answer = await putChunked(files.fileUrl(fileId), putHeaders(), chunks);
        expect(answer.status, answer.body).toBe(507);
        expect(JSON.parse(answer.body)).toMatchObject({ code: 'insufficient_storage' });
        expect(answer.chunksSent).toBeGreaterThan(1);
        expect(await files.attributesOrUndefined(fileId)).toBeUndefined();
        await waitFor(async () => (await storedFiles(dataDir)).length === filesBefore.length, 3_000);
        expect(await storedFiles(dataDir)).toEqual(filesBefore);
        expect(await files.info()).toEqual(before);
      });

      it('still stores a chunked body that fits', async () => {
        const fileId = newFileId();
        const chunks = [someBytes(1000, 1), someBytes(1000, 2)];
        const answer = await putChunked(files.fileUrl(fileId), putHeaders(), chunks);
        expect(answer.status, answer.body).toBe(201);
        expect(JSON.parse(answer.body)).toMatchObject({
          size_bytes: 2000,
          sha256: sha256Of(Buffer.concat(chunks)),
        });
      });
    });

    describe('listing, usage and a rebuilt cache', () => {
      const { dataDir } = aDataDirectory();
      const element = () =>
        anElement({ SE_ID: `se-listing-${backend.name}`, SE_DATA_DIR: dataDir, ...elementEnv('se-listing') });
      let service: RunningTestService;
      let files: FileApiClient;
      const created: AttrJson[] = [];

      beforeAll(async () => {
        service = await startServiceUnderTest(element(), { issuer });
        files = new FileApiClient(() => service, issuer);
      });

      afterAll(async () => {
        await service?.close();
      });

      it('starts empty', async () => {
        expect(await files.info()).toMatchObject({ used_bytes: 0, file_count: 0, backend: backend.name });
        expect(await files.listAll(2)).toEqual({ items: [], pages: 1 });
      });

      it('counts creates in /info', async () => {
        // Ids out of creation order: the listing is in id order, not insertion order.
        const ids = Array.from({ length: 7 }, (_value, index) =>
          newFileId(new Date(Date.UTC(2025, 0, 1, index % 3, index))),
        );
        for (const [index, fileId] of [...ids].reverse().entries()) {
          created.push(await files.create(fileId, someBytes(100 + index, index)));
        }
        const total = created.reduce((sum, file) => sum + file.size_bytes, 0);
        expect(await files.info()).toMatchObject({ used_bytes: total, file_count: 7 });
      });

      it('lists 7 files with limit 2 in 4 pages, each exactly once, in id order', async () => {
        const { items, pages } = await files.listAll(2);
        expect(pages).toBe(4);
        const expectedIds = created.map((file) => file.file_id).sort();
        expect(items.map((file) => file.file_id)).toEqual(expectedIds);
        for (const item of items) {
          expect(item).toEqual(created.find((file) => file.file_id === item.file_id));
        }
      });

      it.each([
        ['a malformed cursor', 'limit=2&cursor=%21%21', 'invalid_cursor'],
        [
          'a cursor that is not an id',
          `limit=2&cursor=${Buffer.from('x').toString('base64url')}`,
          'invalid_cursor',
        ],
        ['limit 0', 'limit=0', 'invalid_input'],
        ['limit 1001', 'limit=1001', 'invalid_input'],
        ['a limit that is not a number', 'limit=ten', 'invalid_input'],
        ['an unknown parameter', 'limit=2&order=desc', 'invalid_input'],
      ])('answers 400 to %s', async (_name, query, code) => {
        await expectProblem(await files.list(query), 400, code);
      });

      it('counts deletes in /info', async () => {
        const [gone] = created.splice(0, 1);
        expect(gone).toBeDefined();
        expect((await files.delete(gone?.file_id ?? '')).status).toBe(200);
        const total = created.reduce((sum, file) => sum + file.size_bytes, 0);
        expect(await files.info()).toMatchObject({ used_bytes: total, file_count: 6 });
        expect((await files.listAll(100)).items.map((file) => file.file_id)).not.toContain(gone?.file_id);
      });

      it('rebuilds listing and /info from the files after a restart with a fresh database', async () => {
        const before = await files.info();
        const listed = (await files.listAll(3)).items;
        await service.close();
        service = await startServiceUnderTest(element(), { issuer });
        expect(await files.info()).toEqual(before);
        expect((await files.listAll(3)).items).toEqual(listed);
        const [first] = created;
        const download = await files.get(first?.file_id ?? '');
        expect(download.status).toBe(200);
        expect(sha256Of(Buffer.from(await download.arrayBuffer()))).toBe(first?.sha256);
      });
    });
  });
}
