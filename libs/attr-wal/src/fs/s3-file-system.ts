import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type { Client } from 'minio';
import type { ByteRange, DirectoryEntry, FileStats, FileSystem, WritableFile } from './file-system';
import { NodeFileSystem } from './node-file-system';
import { DEFAULT_S3_REQUEST_TIMEOUT_MS } from './s3-deadlines';
import { S3ObjectPaths } from './s3-object-paths';
import { S3ObjectStore } from './s3-object-store';
import { S3StorageError } from './s3-storage.error';

export interface S3FileSystemOptions {
  /** A minio client whose transport already enforces an idle timeout (see `createS3FileSystem`). */
  client: Client;
  bucket: string;
  /** The element's data directory: the paths the protocol passes are under it. */
  dataDir: string;
  /** Prepended to every object key, e.g. `se-01/`. */
  keyPrefix?: string;
  /** Total deadline of each metadata call (stat, list, remove) and of the wait for a read's answer. */
  requestTimeoutMs?: number;
  /** The WAL, other top-level files and temp files; defaults to the real filesystem. */
  local?: FileSystem;
  /** Called by `close()`, e.g. to destroy the client's HTTP agent. */
  onClose?: () => void;
}

function unsupported(action: string): S3StorageError {
  return new S3StorageError('ENOTSUP', `ENOTSUP: ${action} is not supported by the S3 backend`);
}

/**
 * The S3 backend as a `FileSystem`: files of the `YYYY/MM/DD/HH` tree are objects, everything else
 * (WAL, temp files, other top-level files) stays on the local disk. Renaming a temp file into the
 * tree uploads it; renames inside the tree are server-side copies followed by a remove.
 */
export class S3FileSystem implements FileSystem {
  private readonly objects: S3ObjectStore;
  private readonly paths: S3ObjectPaths;
  private readonly local: FileSystem;

  constructor(private readonly options: S3FileSystemOptions) {
    const timeoutMs = options.requestTimeoutMs ?? DEFAULT_S3_REQUEST_TIMEOUT_MS;
    this.objects = new S3ObjectStore(options.client, options.bucket, timeoutMs);
    this.paths = new S3ObjectPaths(options.dataDir, options.keyPrefix);
    this.local = options.local ?? new NodeFileSystem();
  }

  async openForWrite(path: string, mode: 'exclusive' | 'append'): Promise<WritableFile> {
    if (this.paths.placeOf(path).kind === 'object') {
      throw unsupported(`writing ${path} in place`);
    }
    if (this.paths.placeOf(dirname(path)).kind === 'object') {
      // A temp file of the tree: its hour directory may so far exist only in S3.
      await this.local.makeDirectory(dirname(path));
    }
    return this.local.openForWrite(path, mode);
  }

  async rename(from: string, to: string): Promise<void> {
    const source = this.paths.placeOf(from);
    const target = this.paths.placeOf(to);
    if (target.kind === 'local') {
      if (source.kind === 'object') {
        throw unsupported(`moving ${from} out of the object store`);
      }
      return this.local.rename(from, to);
    }
    if (source.kind === 'object') {
      return this.copyThenRemove(source.key, target.key);
    }
    return this.uploadThenRemove(from, target.key);
  }

  async removeFile(path: string): Promise<boolean> {
    const place = this.paths.placeOf(path);
    if (place.kind === 'local') {
      return this.local.removeFile(path);
    }
    // DELETE does not say whether the key existed; the caller needs to know.
    if ((await this.objects.size(place.key)) === undefined) {
      return false;
    }
    await this.objects.remove(place.key);
    return true;
  }

  makeDirectory(path: string): Promise<void> {
    // Directories of the tree are key prefixes in S3; locally they hold the temp files.
    return this.local.makeDirectory(path);
  }

  async syncDirectory(path: string): Promise<void> {
    // A tree directory may exist only in S3, whose writes are durable once answered: nothing to sync.
    if (this.paths.placeOf(path).kind === 'object' && (await this.local.stat(path)) === undefined) {
      return;
    }
    await this.local.syncDirectory(path);
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const local = await this.local.readDirectory(path);
    const prefix = this.paths.listingPrefixOf(path);
    if (prefix === undefined) {
      return local;
    }
    const entries = new Map(local.map((entry) => [entry.name, entry]));
    for (const entry of await this.objects.list(prefix)) {
      if (!entries.get(entry.name)?.isDirectory) {
        entries.set(entry.name, entry);
      }
    }
    return [...entries.values()];
  }

  async stat(path: string): Promise<FileStats | undefined> {
    const place = this.paths.placeOf(path);
    const local = await this.local.stat(path);
    if (place.kind === 'local' || local !== undefined) {
      return local;
    }
    const size = await this.objects.size(place.key);
    if (size !== undefined) {
      return { size, isDirectory: false };
    }
    return (await this.objects.hasKeysUnder(`${place.key}/`)) ? { size: 0, isDirectory: true } : undefined;
  }

  /** Buffers the object: meant for attr.json (≤ 4 KiB), never for file bodies. */
  async readFile(path: string): Promise<Buffer | undefined> {
    const place = this.paths.placeOf(path);
    if (place.kind === 'local') {
      return this.local.readFile(path);
    }
    return this.objects.read(place.key);
  }

  async openRead(path: string, range?: ByteRange): Promise<Readable | undefined> {
    const place = this.paths.placeOf(path);
    if (place.kind === 'local') {
      return this.local.openRead(path, range);
    }
    return this.objects.openRead(place.key, range);
  }

  /** Releases the client's connections. */
  close(): Promise<void> {
    this.options.onClose?.();
    return Promise.resolve();
  }

  /** S3 PUT is atomic and durable once answered; the local temp goes only after that. */
  private async uploadThenRemove(localPath: string, key: string): Promise<void> {
    const stats = await this.local.stat(localPath);
    const body = stats?.isDirectory === false ? await this.local.openRead(localPath) : undefined;
    if (stats === undefined || body === undefined) {
      throw new S3StorageError('ENOENT', `ENOENT: no file to upload at ${localPath}`);
    }
    try {
      await this.objects.upload(key, body, stats.size);
    } finally {
      body.destroy(); // minio leaves an empty body unread
    }
    await this.local.removeFile(localPath);
  }

  /**
   * Not atomic: a crash between the two calls leaves both keys, which the protocol tolerates (its
   * compensations re-run the rename, recovery removes leftover trash).
   */
  private async copyThenRemove(fromKey: string, toKey: string): Promise<void> {
    await this.objects.copy(fromKey, toKey);
    await this.objects.remove(fromKey);
  }
}
