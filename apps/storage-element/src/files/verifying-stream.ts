import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes a whole file through while hashing it, always holding back the latest chunk: when the
 * digest or length is not what attr.json says, the stream fails before that chunk is sent, so the
 * client sees a short, broken transfer rather than a clean 200 with bad bytes. `onMismatch` records it.
 */
export class VerifyingStream extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private heldBack: Buffer | undefined;

  constructor(
    private readonly expected: { sha256: string; sizeBytes: number },
    private readonly onMismatch: (actualSha256: string, actualBytes: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.byteLength;
    const previous = this.heldBack;
    this.heldBack = chunk;
    callback(null, previous);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.hash.digest('hex');
    if (actual === this.expected.sha256 && this.bytes === this.expected.sizeBytes) {
      callback(null, this.heldBack);
      return;
    }
    this.onMismatch(actual, this.bytes);
    callback(new Error('stored bytes do not match their sha256'));
  }
}
