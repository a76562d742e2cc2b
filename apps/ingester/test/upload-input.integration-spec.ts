import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTestService } from '@artstore/testing';
import { generatedBytes, postUpload, type FormPart } from './multipart-form';
import { filesOn, startUploadStack, type UploadStack } from './upload-stack';

const file = (content: Uint8Array = Buffer.from('hello')): FormPart => ({
  name: 'file',
  filename: 'hello.txt',
  contentType: 'text/plain',
  content,
});

interface Problem {
  status: number;
  code: string;
  detail: string;
}

// Bad input never reaches storage: every refusal is a 4xx problem and no element holds a file after it.
describe('POST /api/v1/files/upload refuses bad input', () => {
  let stack: UploadStack;
  let small: RunningTestService;

  beforeAll(async () => {
    stack = await startUploadStack({
      elements: [
        { id: 'se-in-edit', mode: 'edit' },
        { id: 'se-in-rw', mode: 'rw' },
      ],
    });
    small = await stack.startIngester({ ARTSTORE_MAX_UPLOAD_BYTES: String(1024 * 1024) });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const refusals: [string, FormPart[], number, string][] = [
    ['a form without a file part', [{ name: 'description', value: 'x' }], 400, 'invalid_upload_form'],
    ['a field after the file', [file(), { name: 'description', value: 'late' }], 400, 'invalid_upload_form'],
    ['two files', [file(), file()], 400, 'invalid_upload_form'],
    [
      'an unknown retention_policy',
      [{ name: 'retention_policy', value: 'forever' }, file()],
      400,
      'invalid_upload_form',
    ],
    ['ttl_days 0', [{ name: 'ttl_days', value: '0' }, file()], 400, 'invalid_upload_form'],
    ['ttl_days 366', [{ name: 'ttl_days', value: '366' }, file()], 400, 'invalid_upload_form'],
    [
      'ttl_days on a permanent file',
      [{ name: 'retention_policy', value: 'permanent' }, { name: 'ttl_days', value: '10' }, file()],
      400,
      'invalid_upload_form',
    ],
    ['metadata that is an array', [{ name: 'metadata', value: '[1,2]' }, file()], 400, 'invalid_upload_form'],
    ['metadata that is not JSON', [{ name: 'metadata', value: '{nope' }, file()], 400, 'invalid_upload_form'],
    ['an unknown field', [{ name: 'colour', value: 'red' }, file()], 400, 'invalid_upload_form'],
  ];

  for (const [what, parts, status, code] of refusals) {
    it(`refuses ${what} with ${status} ${code}`, async () => {
      const response = await postUpload(stack.ingester.url, stack.token, parts);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(((await response.json()) as Problem).code).toBe(code);
    });
  }

  it('refuses a body that is not multipart/form-data', async () => {
    const response = await fetch(`${stack.ingester.url}/api/v1/files/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(400);
  });

  it('refuses a Content-Length over the limit with 413 before reading the body', async () => {
    // fetch refuses to send a body shorter than its Content-Length: announce 50 GiB by hand.
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${small.url}/api/v1/files/upload`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${stack.token}`,
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(50 * 1024 ** 3),
        },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      request.on('error', reject);
      request.write('--x\r\n');
    });
    expect(status).toBe(413);
  });

  it('refuses a file that grows past the limit mid-stream with 413', async () => {
    const response = await postUpload(small.url, stack.token, [
      {
        name: 'file',
        filename: 'big.bin',
        content: generatedBytes(3 * 1024 * 1024, { chunkBytes: 64 * 1024 }),
      },
    ]);
    expect(response.status).toBe(413);
    expect(((await response.json()) as Problem).code).toBe('upload_too_large');
  });

  it('requires files:write', async () => {
    const response = await postUpload(stack.ingester.url, 'not-a-token', [file()]);
    expect(response.status).toBe(401);
  });

  it('stored nothing on any element after all these refusals', async () => {
    for (const element of stack.elements) {
      expect(await filesOn(element, stack.token)).toEqual([]);
    }
  });
});
