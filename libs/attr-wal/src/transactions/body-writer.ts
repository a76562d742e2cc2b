import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AttrWalError, AttrWalErrorCode } from '../attr-wal.errors';
import type { WritableFile } from '../fs/file-system';
import { WriteBehind } from './write-behind';

export interface BodyLimits {
  /** Over this size: `size_limit`. */
  maxBytes?: number;
  /** Over the element's free capacity: `no_space`. */
  availableBytes?: number;
}

export interface BodyDigest {
  sha256: string;
  sizeBytes: number;
}

function checkLimits(sizeBytes: number, limits: BodyLimits): void {
  if (limits.maxBytes !== undefined && sizeBytes > limits.maxBytes) {
    throw new AttrWalError(AttrWalErrorCode.SizeLimit, `The body exceeds ${limits.maxBytes} bytes.`);
  }
  if (limits.availableBytes !== undefined && sizeBytes > limits.availableBytes) {
    throw new AttrWalError(AttrWalErrorCode.NoSpace, 'The body exceeds the free capacity of the element.');
  }
}

/**
 * Reads the body once, hashing and counting it, and writes it to `target` when given. Writes overlap
 * the reading (WriteBehind) with a bounded batch, so a slow disk still slows the sender instead of
 * growing memory.
 */
export async function consumeBody(
  body: Readable,
  limits: BodyLimits,
  target?: WritableFile,
): Promise<BodyDigest> {
  const hash = createHash('sha256');
  const writer = target ? new WriteBehind(target) : undefined;
  let sizeBytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      sizeBytes += bytes.byteLength;
      checkLimits(sizeBytes, limits);
      hash.update(bytes);
      await writer?.push(bytes);
    }
    await writer?.finish();
  } catch (error) {
    body.destroy();
    // The caller closes the file next: no write may still be running on it then.
    await writer?.settle();
    throw error;
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}
