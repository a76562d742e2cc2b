// Disk plumbing for benchmarks that write files: settle the page cache, count and find files.
import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Flushes every dirty page (`sync`) and waits, so a large transfer starts on a quiet disk. */
export async function settle(ms) {
  const { status } = spawnSync('sync', { stdio: 'ignore' });
  if (status !== 0) {
    throw new Error('sync failed');
  }
  await sleep(ms);
}

/** Every regular file under `dir` (recursive) whose name passes `keep`. */
export async function listFiles(dir, keep = () => true) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}
