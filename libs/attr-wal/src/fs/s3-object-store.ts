import type { Readable } from 'node:stream';
import { CopyDestinationOptions, CopySourceOptions, type Client } from 'minio';
import type { ByteRange, DirectoryEntry } from './file-system';
import { withDeadline } from './s3-deadlines';
import { isMissing, toS3StorageError } from './s3-storage.error';

const LIST_PAGE_SIZE = 1_000;

/**
 * The object calls of one bucket, each bounded (see README "Deadlines") and failing with an
 * `S3StorageError`; a missing object is `undefined`/`false`, or ENOENT where something must exist.
 */
export class S3ObjectStore {
  constructor(
    private readonly client: Client,
    private readonly bucket: string,
    private readonly requestTimeoutMs: number,
  ) {}

  /** The object's size, or undefined. */
  size(key: string): Promise<number | undefined> {
    return this.whenPresent(
      `stat of ${key}`,
      async () => (await this.client.statObject(this.bucket, key)).size,
    );
  }

  /** Whether any key starts with `prefix`. */
  async hasKeysUnder(prefix: string): Promise<boolean> {
    return (await this.listPage(prefix, '', 1)).objects.length > 0;
  }

  /** The entries directly under `prefix`: objects are files, common prefixes directories. */
  async list(prefix: string): Promise<DirectoryEntry[]> {
    const entries: DirectoryEntry[] = [];
    let token = '';
    do {
      const page = await this.listPage(prefix, token, LIST_PAGE_SIZE);
      for (const item of page.objects) {
        const isDirectory = item.prefix !== undefined;
        const name = isDirectory ? item.prefix.slice(prefix.length, -1) : item.name.slice(prefix.length);
        if (name !== '') {
          entries.push({ name, isDirectory });
        }
      }
      token = page.isTruncated ? page.nextContinuationToken : '';
    } while (token !== '');
    return entries;
  }

  /** Buffers the whole object: for attr.json only. */
  read(key: string): Promise<Buffer | undefined> {
    return this.whenPresent(`reading ${key}`, async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of await this.client.getObject(this.bucket, key)) {
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    });
  }

  /** The deadline covers the wait for the answer; the body then streams under the idle timeout. */
  openRead(key: string, range?: ByteRange): Promise<Readable | undefined> {
    return this.whenPresent(`reading ${key}`, () =>
      range
        ? this.client.getPartialObject(this.bucket, key, range.start, range.end - range.start + 1)
        : this.client.getObject(this.bucket, key),
    );
  }

  /** One PUT (multipart above the client's part size); atomic and durable once answered. */
  async upload(key: string, body: Readable, size: number): Promise<void> {
    // No total deadline: a large upload is bounded by the transport's idle timeout instead.
    await this.call(`uploading ${key}`, () => this.client.putObject(this.bucket, key, body, size), false);
  }

  /** Server-side copy: one CopyObject up to 5 GiB, a multipart UploadPartCopy above. */
  async copy(fromKey: string, toKey: string): Promise<void> {
    await this.call(
      `copying ${fromKey} to ${toKey}`,
      async () => {
        const copied = await this.client.composeObject(
          new CopyDestinationOptions({ Bucket: this.bucket, Object: toKey }),
          [new CopySourceOptions({ Bucket: this.bucket, Object: fromKey })],
        );
        if (copied === false) {
          throw new Error('invalid copy arguments');
        }
      },
      false,
    );
  }

  /** DELETE answers 204 whether or not the key existed. */
  async remove(key: string): Promise<void> {
    await this.call(`removing ${key}`, () => this.client.removeObject(this.bucket, key));
  }

  private listPage(prefix: string, token: string, maxKeys: number) {
    return this.call(`listing ${prefix}`, () =>
      this.client.listObjectsV2Query(this.bucket, prefix, token, '/', maxKeys, ''),
    );
  }

  private async whenPresent<T>(action: string, operation: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.call(action, operation);
    } catch (error) {
      if (isMissing(error)) {
        return undefined;
      }
      throw error;
    }
  }

  private async call<T>(action: string, operation: () => Promise<T>, totalDeadline = true): Promise<T> {
    try {
      const running = operation();
      return await (totalDeadline ? withDeadline(running, this.requestTimeoutMs) : running);
    } catch (error) {
      throw toS3StorageError(error, action);
    }
  }
}
