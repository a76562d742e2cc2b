import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AttrWalError, AttrWalErrorCode } from '../attr-wal.errors';
import type { WritableFile } from '../fs/file-system';

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
 * Reads the body once, hashing and counting it, and writes each chunk to `target` when given.
 * Async iteration pulls one chunk at a time, so a slow disk slows the sender instead of growing memory.
 */
export async function consumeBody(
  body: Readable,
  limits: BodyLimits,
  target?: WritableFile,
): Promise<BodyDigest> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      sizeBytes += bytes.byteLength;
      checkLimits(sizeBytes, limits);
      hash.update(bytes);
      if (target) {
        await target.write(bytes);
      }
    }
  } catch (error) {
    body.destroy();
    throw error;
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}
