// The large upload's source: a file of random bytes written once per run (fsynced, and hashed on the
// way), so both sides of every pair stream the very same bytes from disk and the bench never holds
// them in memory.
import { Buffer } from 'node:buffer';
import { createHash, randomFillSync } from 'node:crypto';
import { open } from 'node:fs/promises';

const CHUNK_BYTES = 4 * 1024 * 1024;

/** Writes `sizeBytes` random bytes to `filePath`; resolves with {path, sizeBytes, sha256}. */
export async function writeSourceFile(filePath, sizeBytes) {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  const file = await open(filePath, 'w');
  try {
    for (let written = 0; written < sizeBytes; written += CHUNK_BYTES) {
      const part = chunk.subarray(0, Math.min(CHUNK_BYTES, sizeBytes - written));
      randomFillSync(part);
      hash.update(part);
      await file.write(part);
    }
    await file.sync();
  } finally {
    await file.close();
  }
  return { path: filePath, sizeBytes, sha256: hash.digest('hex') };
}
