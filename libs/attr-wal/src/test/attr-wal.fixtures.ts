import type { NewFileAttributes } from '@artstore/contracts';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { decodeWalLine } from '../wal/wal-line.codec';
import type { WalRecord } from '../wal/wal-record';

export async function aDataDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'attr-wal-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function someAttributes(overrides: Partial<NewFileAttributes> = {}): NewFileAttributes {
  return {
    original_filename: 'scan.tiff',
    content_type: 'image/tiff',
    uploaded_by: 'client-1',
    retention_policy: 'permanent',
    ttl_expires_at: null,
    description: 'a scan',
    tags: ['scan'],
    metadata: { dpi: 600 },
    saga_id: null,
    ...overrides,
  };
}

/** A body delivered in several chunks, like an HTTP request. */
export function bodyOf(content: Buffer, chunkSize = 1024): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < content.byteLength; offset += chunkSize) {
    chunks.push(content.subarray(offset, offset + chunkSize));
  }
  return Readable.from(chunks);
}

export function sha256Of(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Every file under `dir` (relative paths, sorted), WAL excluded. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => !path.startsWith('wal'))
    .sort();
}

/** A promise that never settles: a failpoint returning it freezes the transaction like a crash. */
export function never(): Promise<void> {
  return new Promise<void>(() => undefined);
}

/** Resolves when `predicate` holds, polling the event loop. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error('waitFor timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every decodable record of every WAL segment under `<dataDir>/wal`, in order. */
export async function readWalRecords(dataDir: string): Promise<WalRecord[]> {
  const walDir = join(dataDir, 'wal');
  const records: WalRecord[] = [];
  for (const name of (await readdir(walDir)).sort()) {
    const text = await readFile(join(walDir, name), 'utf8');
    for (const line of text.split('\n')) {
      const record = line === '' ? undefined : decodeWalLine(line);
      if (record) {
        records.push(record);
      }
    }
  }
  return records;
}
