import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aDataDir } from '../test/attr-wal.fixtures';
import { writeFileAtomic } from './atomic-write';
import { FaultInjectingFileSystem } from './fault-injecting-file-system';
import { NodeFileSystem } from './node-file-system';

describe('writeFileAtomic', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let fs: FaultInjectingFileSystem;

  beforeEach(async () => {
    ({ dir, cleanup } = await aDataDir());
    fs = new FaultInjectingFileSystem(new NodeFileSystem());
  });
  afterEach(() => cleanup());

  it('replaces the file through a synced temp file and a directory fsync', async () => {
    const target = join(dir, 'a.json');
    await writeFile(target, 'old');
    await writeFileAtomic(fs, target, Buffer.from('new'));
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['a.json']);
    expect(fs.calls.map((call) => call.operation)).toEqual([
      'openForWrite',
      'write',
      'sync',
      'close',
      'rename',
      'syncDirectory',
    ]);
  });

  it.each([
    ['write', 'ENOSPC'],
    ['sync', 'EIO'],
    ['close', 'EIO'],
    ['rename', 'EIO'],
  ] as const)('leaves the old file and no temp file when %s fails with %s', async (operation, code) => {
    const target = join(dir, 'a.json');
    await writeFile(target, 'old');
    fs.inject({ operation, code });
    await expect(writeFileAtomic(fs, target, Buffer.from('new'))).rejects.toMatchObject({ code });
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['a.json']);
    expect(fs.count('sync')).toBeLessThanOrEqual(1);
  });
});
