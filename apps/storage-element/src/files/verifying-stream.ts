import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { FileDigest } from './digest-worker-pool';
import { StoredFileError } from './stored-file.errors';

type Outcome = { digest: FileDigest } | { failure: Error };

/**
 * Passes a whole file through while its sha256 is checked, always holding back the latest chunk:
 * when the digest or length is not what attr.json says, the stream fails before that chunk is sent,
 * so the client sees a short, broken transfer rather than a clean 200 with bad bytes. `onMismatch`
 * records it. The digest is computed inline, or elsewhere (a worker hashing the same file) when given.
 */
export class VerifyingStream extends Transform {
  private readonly hash;
  private readonly elsewhere: Promise<Outcome> | undefined;
  private bytes = 0;
  private heldBack: Buffer | undefined;

  constructor(
    private readonly expected: { sha256: string; sizeBytes: number },
    private readonly onMismatch: (actualSha256: string, actualBytes: number) => void,
    digestElsewhere?: Promise<FileDigest>,
  ) {
    super();
    // Settled into a value at once: a download abandoned early must not leave a rejection unhandled.
    this.elsewhere = digestElsewhere?.then(
      (digest) => ({ digest }),
      (failure: Error) => ({ failure }),
    );
    this.hash = this.elsewhere ? undefined : createHash('sha256');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash?.update(chunk);
    this.bytes += chunk.byteLength;
    const previous = this.heldBack;
    this.heldBack = chunk;
    callback(null, previous);
  }

  override _flush(callback: TransformCallback): void {
    if (!this.elsewhere) {
      this.conclude(this.hash?.digest('hex') ?? '', this.bytes, callback);
      return;
    }
    void this.elsewhere.then((outcome) => {
      if ('failure' in outcome) {
        // Not proven bad, but not proven good either: the transfer must not end as if it were.
        callback(
          new StoredFileError('storage_unavailable', 'The file could not be verified while it was read.'),
        );
      } else {
        this.conclude(outcome.digest.sha256, Math.min(this.bytes, outcome.digest.bytes), callback);
      }
    });
  }

  private conclude(actualSha256: string, actualBytes: number, callback: TransformCallback): void {
    const sentWhole = this.bytes === this.expected.sizeBytes;
    if (sentWhole && actualSha256 === this.expected.sha256 && actualBytes === this.expected.sizeBytes) {
      callback(null, this.heldBack);
      return;
    }
    this.onMismatch(actualSha256, this.bytes);
    // Seen by the client as a problem (when nothing was sent yet) or as a broken transfer.
    callback(new StoredFileError('file_corrupted', 'The stored bytes do not match their sha256.'));
  }
}
