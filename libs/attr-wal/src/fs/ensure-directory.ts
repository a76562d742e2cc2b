import { dirname, relative, sep } from 'node:path';
import type { FileSystem } from './file-system';

/**
 * mkdir -p `directory` under `root`, then fsyncs the parent of every level it created, so a new
 * hour directory (and the files renamed into it) survives a crash.
 */
export async function ensureDirectory(fs: FileSystem, root: string, directory: string): Promise<void> {
  if ((await fs.stat(directory)) !== undefined) {
    return;
  }
  const missing: string[] = [];
  for (let current = directory; relative(root, current) !== ''; current = dirname(current)) {
    if ((await fs.stat(current)) !== undefined) {
      break;
    }
    missing.push(current);
    if (!current.includes(sep)) {
      break;
    }
  }
  await fs.makeDirectory(directory);
  for (const created of missing) {
    await fs.syncDirectory(dirname(created));
  }
}
