import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { NodeFileSystem, writeFileAtomic } from '@artstore/attr-wal';

const localDisk = new NodeFileSystem();

/** The file's text, or undefined when it does not exist. */
export async function readFileIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/**
 * Replaces `file` with `value` as JSON so that a crash leaves either the old or the new content,
 * with the write protocol's own atomic write (temp file, fsync, checked close, rename, directory fsync).
 */
export async function writeJsonFileDurably(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o750 });
  await writeFileAtomic(localDisk, file, Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'));
}
