import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { ByteRange, DirectoryEntry, FileStats, FileSystem, WritableFile } from './file-system';

const READ_CHUNK_BYTES = 1024 * 1024;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

class NodeWritableFile implements WritableFile {
  constructor(private readonly handle: FileHandle) {}

  async write(data: Uint8Array): Promise<void> {
    let offset = 0;
    // A regular-file write may be short; loop rather than assume.
    while (offset < data.byteLength) {
      const { bytesWritten } = await this.handle.write(data, offset, data.byteLength - offset);
      offset += bytesWritten;
    }
  }

  sync(): Promise<void> {
    return this.handle.sync();
  }

  datasync(): Promise<void> {
    return this.handle.datasync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** The real filesystem over node:fs/promises. */
export class NodeFileSystem implements FileSystem {
  async openForWrite(path: string, mode: 'exclusive' | 'append'): Promise<WritableFile> {
    const flags = mode === 'exclusive' ? 'wx' : 'a';
    return new NodeWritableFile(await open(path, flags, 0o640));
  }

  rename(from: string, to: string): Promise<void> {
    return rename(from, to);
  }

  async removeFile(path: string): Promise<boolean> {
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if (isMissing(error)) {
        return false;
      }
      throw error;
    }
  }

  async makeDirectory(path: string): Promise<void> {
    await mkdir(path, { recursive: true });
  }

  async syncDirectory(path: string): Promise<void> {
    const handle = await open(path, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    try {
      const entries = await readdir(path, { withFileTypes: true });
      return entries.map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() }));
    } catch (error) {
      if (isMissing(error)) {
        return [];
      }
      throw error;
    }
  }

  async stat(path: string): Promise<FileStats | undefined> {
    try {
      const stats = await stat(path);
      return { size: stats.size, isDirectory: stats.isDirectory() };
    } catch (error) {
      if (isMissing(error)) {
        return undefined;
      }
      throw error;
    }
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    try {
      return await readFile(path);
    } catch (error) {
      if (isMissing(error)) {
        return undefined;
      }
      throw error;
    }
  }

  async openRead(path: string, range?: ByteRange): Promise<Readable | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isMissing(error)) {
        return undefined;
      }
      throw error;
    }
    // Opened first so a missing file is an answer, not a stream error; the stream owns the handle.
    // Large chunks: a multi-gigabyte download costs a read and a socket write per MiB, not per 64 KiB.
    return handle.createReadStream({ ...(range ?? {}), highWaterMark: READ_CHUNK_BYTES });
  }
}
