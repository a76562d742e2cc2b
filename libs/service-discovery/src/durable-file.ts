import { randomUUID } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.tmp';

function tempPrefixFor(path: string): string {
  return `.${basename(path)}.`;
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` atomically and durably: temp file in the same directory, fsync, checked close,
 * rename, fsync of the directory. A reader sees the old content or the new, never a torn file; a
 * failed fsync is not retried (the dirty pages may already be gone) and the temp file is removed.
 */
export async function writeFileDurably(path: string, content: string): Promise<void> {
  const tempPath = join(dirname(path), `${tempPrefixFor(path)}${randomUUID()}${TEMP_SUFFIX}`);
  try {
    const handle = await open(tempPath, 'wx', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    await handle.close();
    await rename(tempPath, path);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Removes temp files a crash left behind by {@link writeFileDurably} for `path`. */
export async function removeStaleTempFiles(path: string): Promise<void> {
  const prefix = tempPrefixFor(path);
  const names = await readdir(dirname(path)).catch(() => []);
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX))
      .map((name) => rm(join(dirname(path), name), { force: true })),
  );
}
