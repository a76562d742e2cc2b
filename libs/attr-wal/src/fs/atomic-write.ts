import { dirname } from 'node:path';
import { tempPathFor } from '../layout/file-layout';
import type { DirectorySync } from './directory-sync';
import type { FileSystem, WritableFile } from './file-system';

/** Closes a file whose write already failed, keeping the first error. */
export async function closeQuietly(file: WritableFile): Promise<void> {
  try {
    await file.close();
  } catch {
    // The caller is already failing with the more useful error.
  }
}

/** fsync then a checked close; on failure the file is closed anyway and the error rethrown, never retried. */
export async function syncAndClose(file: WritableFile): Promise<void> {
  try {
    await file.sync();
  } catch (error) {
    await closeQuietly(file);
    throw error;
  }
  await file.close();
}

/**
 * Writes `content` (attr.json) to a new temp file in `directory`, fsyncs and closes it; returns its path.
 * On failure the temp file is removed. Renaming it (and fsyncing the directory) is the caller's step.
 */
export async function writeSyncedTempFile(
  fs: FileSystem,
  directory: string,
  content: Uint8Array,
): Promise<string> {
  const tempPath = tempPathFor(directory, 'attr');
  const file = await fs.openForWrite(tempPath, 'exclusive');
  try {
    try {
      await file.write(content);
    } catch (error) {
      await closeQuietly(file);
      throw error;
    }
    await syncAndClose(file);
  } catch (error) {
    await fs.removeFile(tempPath).catch(() => false);
    throw error;
  }
  return tempPath;
}

/**
 * Writes `content` to `finalPath` atomically: temp file in the same directory, fsync, close (checked),
 * rename, fsync the directory. On failure the temp file is removed and the error is rethrown;
 * a failed fsync is never retried (the page cache may already have dropped the dirty pages).
 * With `directories`, the directory fsync is shared with concurrent callers.
 */
export async function writeFileAtomic(
  fs: FileSystem,
  finalPath: string,
  content: Uint8Array,
  directories?: DirectorySync,
): Promise<void> {
  const directory = dirname(finalPath);
  const tempPath = await writeSyncedTempFile(fs, directory, content);
  try {
    await fs.rename(tempPath, finalPath);
  } catch (error) {
    await fs.removeFile(tempPath).catch(() => false);
    throw error;
  }
  await (directories ? directories.sync(directory) : fs.syncDirectory(directory));
}
