import { randomUUID } from 'node:crypto';
import { open, statfs, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Proves the data directory takes a durable write: create, write, fsync, remove a probe file. */
export async function probeDataDirectory(directory: string): Promise<{ free_bytes: number }> {
  const probe = path.join(directory, `.ready-probe-${randomUUID()}`);
  const handle = await open(probe, 'wx');
  try {
    await handle.writeFile('ok');
    await handle.sync();
  } finally {
    await handle.close();
    await unlink(probe);
  }
  const stats = await statfs(directory);
  return { free_bytes: stats.bavail * stats.bsize };
}
