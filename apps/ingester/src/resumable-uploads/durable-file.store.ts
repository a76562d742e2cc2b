import { mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import type { Upload } from '@tus/utils';

/**
 * tus's FileStore (`<dir>/<id>` bytes and `<dir>/<id>.json` info) made durable: the bytes, the
 * info file and the directory entry are fsynced before tus acknowledges a creation or an offset,
 * so an acknowledged offset survives a power loss. Deferred lengths are not offered (SPEC §6).
 */
export class DurableFileStore extends FileStore {
  constructor(directory: string, expirationMs: number) {
    // FileStore creates the directory asynchronously without waiting; have it before the first request.
    mkdirSync(directory, { recursive: true });
    super({ directory, expirationPeriodInMilliseconds: expirationMs });
    this.extensions = ['creation', 'creation-with-upload', 'termination', 'expiration'];
  }

  /** Path of the staged bytes of upload `id` (ids are UUIDs we made, never client strings). */
  bytesPath(id: string): string {
    return path.join(this.directory, id);
  }

  override async create(upload: Upload): Promise<Upload> {
    const created = await super.create(upload);
    await fsyncPath(this.bytesPath(upload.id), 'r');
    await fsyncPath(`${this.bytesPath(upload.id)}.json`, 'r');
    await fsyncPath(this.directory, 'r');
    return created;
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    try {
      return await super.write(readable, id, offset);
    } finally {
      // Also after a broken request: the bytes that did land count for the next HEAD's offset.
      await fsyncPath(this.bytesPath(id), 'r+');
    }
  }

  override async remove(id: string): Promise<void> {
    await super.remove(id);
    await fsyncPath(this.directory, 'r');
  }
}

async function fsyncPath(target: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(target, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
