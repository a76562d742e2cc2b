import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DigestWorkerPool } from './digest-worker-pool';

describe(DigestWorkerPool.name, () => {
  const pool = new DigestWorkerPool();
  const directory = mkdtempSync(path.join(tmpdir(), 'artstore-digest-'));

  afterAll(async () => {
    await pool.onModuleDestroy();
  });

  it('hashes files on worker threads, several at once', async () => {
    const files = [0, 1, 5_000_000].map((size, index) => {
      const bytes = Buffer.alloc(size, index + 1);
      const file = path.join(directory, `file-${index}`);
      writeFileSync(file, bytes);
      return { file, bytes };
    });
    const digests = await Promise.all(files.map(({ file }) => pool.digestOf(file)));
    expect(digests).toEqual(
      files.map(({ bytes }) => ({
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.byteLength,
      })),
    );
  });

  it('rejects for a file it cannot read', async () => {
    await expect(pool.digestOf(path.join(directory, 'missing'))).rejects.toThrow('ENOENT');
  });
});
