import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it, vi } from 'vitest';
import type { FileDigest } from './digest-worker-pool';
import { VerifyingStream } from './verifying-stream';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += size) {
    chunks.push(bytes.subarray(offset, offset + size));
  }
  return chunks;
}

/** Runs `chunks` through the stream; resolves with what came out and how it ended. */
async function passThrough(
  chunks: Buffer[],
  expected: { sha256: string; sizeBytes: number },
  onMismatch: (actualSha256: string, actualBytes: number) => void = () => undefined,
  digestElsewhere?: Promise<FileDigest>,
): Promise<{ received: Buffer; error: unknown }> {
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      callback();
    },
  });
  let error: unknown;
  try {
    await pipeline(Readable.from(chunks), new VerifyingStream(expected, onMismatch, digestElsewhere), sink);
  } catch (caught) {
    error = caught;
  }
  return { received: Buffer.concat(received), error };
}

describe(VerifyingStream.name, () => {
  const content = Buffer.from('The quick brown fox jumps over the lazy dog, again and again.');

  it('passes every byte of a good file, in order, and ends cleanly', async () => {
    const onMismatch = vi.fn();
    const { received, error } = await passThrough(
      chunksOf(content, 7),
      { sha256: sha256(content), sizeBytes: content.byteLength },
      onMismatch,
    );
    expect(error).toBeUndefined();
    expect(received.equals(content)).toBe(true);
    expect(onMismatch).not.toHaveBeenCalled();
  });

  it('passes an empty file', async () => {
    const { received, error } = await passThrough([], { sha256: sha256(Buffer.alloc(0)), sizeBytes: 0 });
    expect(error).toBeUndefined();
    expect(received.byteLength).toBe(0);
  });

  it('passes a single-chunk file', async () => {
    const { received, error } = await passThrough([content], {
      sha256: sha256(content),
      sizeBytes: content.byteLength,
    });
    expect(error).toBeUndefined();
    expect(received.equals(content)).toBe(true);
  });

  it('fails on a flipped byte and never emits the final chunk', async () => {
    const corrupted = Buffer.from(content);
    corrupted[3] = (corrupted[3] ?? 0) ^ 0xff;
    const chunks = chunksOf(corrupted, 10);
    const onMismatch = vi.fn();
    const { received, error } = await passThrough(
      chunks,
      { sha256: sha256(content), sizeBytes: content.byteLength },
      onMismatch,
    );
    expect(error).toBeInstanceOf(Error);
    const lastChunk = chunks.at(-1)?.byteLength ?? 0;
    expect(received.byteLength).toBe(content.byteLength - lastChunk);
    expect(received.byteLength).toBeLessThan(content.byteLength);
    expect(onMismatch).toHaveBeenCalledExactlyOnceWith(sha256(corrupted), content.byteLength);
  });

  it('emits nothing when a one-chunk file is corrupted', async () => {
    const corrupted = Buffer.from(content);
    corrupted[0] = (corrupted[0] ?? 0) ^ 1;
    const { received, error } = await passThrough([corrupted], {
      sha256: sha256(content),
      sizeBytes: content.byteLength,
    });
    expect(error).toBeInstanceOf(Error);
    expect(received.byteLength).toBe(0);
  });

  it('fails on a truncated file, reporting its real size', async () => {
    const truncated = content.subarray(0, 20);
    const onMismatch = vi.fn();
    const { received, error } = await passThrough(
      chunksOf(truncated, 8),
      { sha256: sha256(content), sizeBytes: content.byteLength },
      onMismatch,
    );
    expect(error).toBeInstanceOf(Error);
    expect(received.byteLength).toBe(16);
    expect(onMismatch).toHaveBeenCalledExactlyOnceWith(sha256(truncated), 20);
  });

  it('fails when the digest matches but the size recorded does not', async () => {
    const { error } = await passThrough([content], { sha256: sha256(content), sizeBytes: 1 });
    expect(error).toBeInstanceOf(Error);
  });

  describe('with the digest computed elsewhere', () => {
    const expected = () => ({ sha256: sha256(content), sizeBytes: content.byteLength });

    it('passes every byte when the other digest agrees', async () => {
      const digest = Promise.resolve({ sha256: sha256(content), bytes: content.byteLength });
      const { received, error } = await passThrough(chunksOf(content, 7), expected(), undefined, digest);
      expect(error).toBeUndefined();
      expect(received.equals(content)).toBe(true);
    });

    it('withholds the last chunk and reports the corruption when the other digest differs', async () => {
      const onMismatch = vi.fn();
      const digest = Promise.resolve({ sha256: sha256(Buffer.from('other')), bytes: content.byteLength });
      const { received, error } = await passThrough(chunksOf(content, 7), expected(), onMismatch, digest);
      expect(error).toMatchObject({ code: 'file_corrupted' });
      expect(received.byteLength).toBeLessThan(content.byteLength);
      expect(onMismatch).toHaveBeenCalledTimes(1);
    });

    it('breaks the transfer without calling it corrupted when the file could not be hashed', async () => {
      const onMismatch = vi.fn();
      const digest = Promise.reject(new Error('ENOENT'));
      const { received, error } = await passThrough(chunksOf(content, 7), expected(), onMismatch, digest);
      expect(error).toMatchObject({ code: 'storage_unavailable' });
      expect(received.byteLength).toBeLessThan(content.byteLength);
      expect(onMismatch).not.toHaveBeenCalled();
    });
  });
});
