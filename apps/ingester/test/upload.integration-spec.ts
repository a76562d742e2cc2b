import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedBytes, postUpload, type FormPart } from './multipart-form';
import { filesOn, readBack, startUploadStack, type UploadStack } from './upload-stack';

interface Uploaded {
  file_id: string;
  original_filename: string;
  size_bytes: number;
  content_type: string;
  sha256: string;
  retention_policy: string;
  ttl_expires_at: string | null;
  storage_element_id: string;
  created_at: string;
}

const MiB = 1024 * 1024;

async function sha256Of(source: AsyncIterable<Uint8Array>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of source) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

// Placement follows the configuration the admin publishes (capacity included): se-up-full is the
// preferred rw element but has no room, so permanent files land on se-up-rw.
describe('POST /api/v1/files/upload stores through the upload saga', () => {
  let stack: UploadStack;

  beforeAll(async () => {
    stack = await startUploadStack({
      discovery: 'admin',
      elements: [
        { id: 'se-up-edit', mode: 'edit' },
        { id: 'se-up-full', mode: 'rw', priority: 1, capacityBytes: 4096 },
        { id: 'se-up-rw', mode: 'rw', priority: 5 },
      ],
      ingesterEnv: { ARTSTORE_MAX_UPLOAD_BYTES: String(300 * MiB) },
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

  for (const [label, size] of [
    ['0 B', 0],
    ['1 B', 1],
    ['5 MiB', 5 * MiB],
    ['200 MiB', 200 * MiB],
  ] as const) {
    it(`stores ${label} streamed and reads back identical bytes`, { timeout: 120_000 }, async () => {
      const expected = await sha256Of(generatedBytes(size, { seed: size + 7 }));
      const response = await postUpload(stack.ingester.url, stack.token, [
        { name: 'description', value: `a ${label} file` },
        { name: 'tags', value: 'a,b' },
        { name: 'tags', value: 'c' },
        { name: 'metadata', value: '{"project":"x"}' },
        { name: 'file', filename: `f-${size}.bin`, content: generatedBytes(size, { seed: size + 7 }) },
      ]);
      expect(response.status).toBe(201);
      const body = (await response.json()) as Uploaded;
      expect(body).toMatchObject({
        size_bytes: expected.size,
        sha256: expected.sha256,
        original_filename: `f-${size}.bin`,
        retention_policy: 'temporary',
        storage_element_id: 'se-up-edit',
      });
      expect(body.file_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ttl = Date.parse(body.ttl_expires_at ?? '') - Date.now();
      expect(ttl).toBeGreaterThan(29 * 86_400_000);
      expect(await readBack(element('se-up-edit'), body.file_id, stack.token)).toEqual(expected);
    });
  }

  it('puts a permanent file on a rw element, skipping the full one', async () => {
    const response = await postUpload(stack.ingester.url, stack.token, [
      { name: 'retention_policy', value: 'permanent' },
      { name: 'file', filename: 'p.bin', content: Buffer.alloc(10_000, 1) },
    ]);
    expect(response.status).toBe(201);
    const body = (await response.json()) as Uploaded;
    expect(body).toMatchObject({ storage_element_id: 'se-up-rw', ttl_expires_at: null, size_bytes: 10_000 });
    expect(await filesOn(element('se-up-full'), stack.token)).toEqual([]);
  });

  it('keeps the filename as metadata, without control characters', async () => {
    const response = await postUpload(stack.ingester.url, stack.token, [
      { name: 'file', filename: '../../etc/pass\twd', content: Buffer.from('x') },
    ]);
    expect(response.status).toBe(201);
    expect(((await response.json()) as Uploaded).original_filename).toBe('../../etc/passwd');
  });

  it('answers a repeated Idempotency-Key with the first result, without storing again', async () => {
    const parts: FormPart[] = [
      { name: 'description', value: 'once' },
      { name: 'file', filename: 'once.txt', content: Buffer.from('only once') },
    ];
    const first = await postUpload(stack.ingester.url, stack.token, parts, { idempotencyKey: 'key-1' });
    expect(first.status).toBe(201);
    const stored = (await first.json()) as Uploaded;
    const before = (await filesOn(element('se-up-edit'), stack.token)).length;
    const again = await postUpload(stack.ingester.url, stack.token, parts, { idempotencyKey: 'key-1' });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(stored);
    expect((await filesOn(element('se-up-edit'), stack.token)).length).toBe(before);
    const other = await postUpload(
      stack.ingester.url,
      stack.token,
      [{ name: 'description', value: 'other' }, parts[1]],
      { idempotencyKey: 'key-1' },
    );
    expect(other.status).toBe(409);
    expect(((await other.json()) as { code: string }).code).toBe('idempotency_key_reused');
  });

  it('answers 409 idempotency_key_in_progress while the first request still runs', async () => {
    const slow = postUpload(
      stack.ingester.url,
      stack.token,
      [
        {
          name: 'file',
          filename: 'slow.bin',
          content: generatedBytes(4 * MiB, { chunkBytes: 256 * 1024, delayMs: 100 }),
        },
      ],
      { idempotencyKey: 'key-slow' },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await postUpload(
      stack.ingester.url,
      stack.token,
      [{ name: 'file', filename: 'slow.bin', content: Buffer.from('x') }],
      { idempotencyKey: 'key-slow' },
    );
    expect(second.status).toBe(409);
    expect(((await second.json()) as { code: string }).code).toBe('idempotency_key_in_progress');
    expect((await slow).status).toBe(201);
  });

  it('exports upload metrics', async () => {
    await postUpload(stack.ingester.url, stack.token, [{ name: 'ttl_days', value: '0' }]);
    const metrics = await (await fetch(`${stack.ingester.url}/metrics`)).text();
    expect(metrics).toMatch(/^ingest_uploads_total\{result="rejected"\} [1-9]/m);
    expect(metrics).toContain('ingest_phase_duration_seconds_bucket');
    expect(metrics).toMatch(/^ingest_bytes_total \d+/m);
  });
});

describe('POST /api/v1/files/upload without an eligible element', () => {
  let stack: UploadStack;

  beforeAll(async () => {
    stack = await startUploadStack({ elements: [{ id: 'se-only-rw', mode: 'rw' }] });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('answers 503 with Retry-After when no element of the needed mode exists', async () => {
    const response = await postUpload(stack.ingester.url, stack.token, [
      { name: 'retention_policy', value: 'temporary' },
      { name: 'file', filename: 't.txt', content: Buffer.from('temp') },
    ]);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await response.json()) as { code: string }).code).toBe('no_eligible_element');
    expect(await filesOn(stack.elements[0], stack.token)).toEqual([]);
  });
});
