import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MultipartUploadReader } from './multipart-upload.reader';

const BOUNDARY = 'b0undary';
const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

function formOf(
  parts: ({ name: string; value: string } | { name: string; filename: string; data: string })[],
): Readable {
  const text = parts
    .map((part) =>
      'value' in part
        ? `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`
        : `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\n` +
          `Content-Type: text/plain\r\n\r\n${part.data}\r\n`,
    )
    .join('');
  return Readable.from([Buffer.from(`${text}--${BOUNDARY}--\r\n`)]);
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString();
}

describe(MultipartUploadReader.name, () => {
  it('gives the fields at the file part, then the file bytes with their sha256 and size', async () => {
    const reader = new MultipartUploadReader(
      formOf([
        { name: 'tags', value: 'a' },
        { name: 'tags', value: 'b' },
        { name: 'file', filename: 'x.txt', data: 'hello' },
      ]),
      CONTENT_TYPE,
      100,
    );
    const head = await reader.head();
    expect(head.fields.get('tags')).toEqual(['a', 'b']);
    expect(head).toMatchObject({ filename: 'x.txt', mimeType: 'text/plain' });
    expect(await readAll(reader.body.takeFor('se-1'))).toBe('hello');
    expect(reader.body.digest.sizeBytes).toBe(5);
    expect(reader.body.digest.sha256).toBe(createHash('sha256').update('hello').digest('hex'));
  });

  it('fails the body when a field follows the file, so no element can commit it', async () => {
    const reader = new MultipartUploadReader(
      formOf([
        { name: 'file', filename: 'x.txt', data: 'hello' },
        { name: 'description', value: 'late' },
      ]),
      CONTENT_TYPE,
      100,
    );
    await reader.head();
    await expect(readAll(reader.body.takeFor('se-1'))).rejects.toThrow(/comes after the file/);
  });

  it('fails the body past the size limit', async () => {
    const reader = new MultipartUploadReader(
      formOf([{ name: 'file', filename: 'x', data: 'x'.repeat(50) }]),
      CONTENT_TYPE,
      10,
    );
    await reader.head();
    await expect(readAll(reader.body.takeFor('se-1'))).rejects.toThrow(/larger than the limit/);
  });

  it('rejects the head of a form without a file', async () => {
    const reader = new MultipartUploadReader(formOf([{ name: 'description', value: 'x' }]), CONTENT_TYPE, 10);
    await expect(reader.head()).rejects.toThrow(/no "file" part/);
  });

  it('refuses a body that is not multipart', () => {
    expect(() => new MultipartUploadReader(Readable.from([]), 'application/json', 10)).toThrow(/multipart/);
  });

  it('hands the body to one element only', async () => {
    const reader = new MultipartUploadReader(
      formOf([{ name: 'file', filename: 'x', data: 'y' }]),
      CONTENT_TYPE,
      10,
    );
    await reader.head();
    reader.body.takeFor('se-1');
    expect(reader.body.touched).toBe(true);
    expect(() => reader.body.takeFor('se-2')).toThrow(/already sent to se-1/);
  });
});
