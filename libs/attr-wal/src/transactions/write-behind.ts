import type { WritableFile } from '../fs/file-system';

const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Writes a body to a file while the next chunks keep arriving: at most one write is in flight, and the
 * chunks that came meanwhile go out together in the next one. The caller waits only when a full batch
 * is queued behind a running write (backpressure), so memory stays under two batches.
 */
export class WriteBehind {
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private writing: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  constructor(private readonly file: WritableFile) {}

  async push(chunk: Buffer): Promise<void> {
    this.throwIfFailed();
    this.batch.push(chunk);
    this.batchBytes += chunk.byteLength;
    if (!this.writing) {
      this.startWrite();
    } else if (this.batchBytes >= MAX_BATCH_BYTES) {
      await this.writing;
      this.throwIfFailed();
    }
  }

  /** Resolves once every pushed byte is written; throws the first write failure. */
  async finish(): Promise<void> {
    this.throwIfFailed();
    while (this.writing || this.batchBytes > 0) {
      if (!this.writing) {
        this.startWrite();
      }
      await this.writing;
      this.throwIfFailed();
    }
  }

  /** Waits for the write in flight without reporting its outcome (before closing after a failure). */
  async settle(): Promise<void> {
    while (this.writing) {
      await this.writing;
    }
  }

  private startWrite(): void {
    const data = this.batch.length === 1 && this.batch[0] ? this.batch[0] : Buffer.concat(this.batch);
    this.batch = [];
    this.batchBytes = 0;
    // Never rejects: a failure is kept and thrown to the next push or finish.
    this.writing = this.file.write(data).then(
      () => {
        this.writing = undefined;
        if (this.batchBytes > 0 && !this.failure) {
          this.startWrite();
        }
      },
      (error: unknown) => {
        this.writing = undefined;
        this.failure = { error };
      },
    );
  }

  private throwIfFailed(): void {
    if (this.failure) {
      throw this.failure.error;
    }
  }
}
