import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileIfPresent, writeJsonFileDurably } from './durable-json-file';

async function aDirectory(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'artstore-durable-'));
}

describe(writeJsonFileDurably.name, () => {
  it('creates missing directories and writes the JSON', async () => {
    const file = path.join(await aDirectory(), 'a', 'b', 'state.json');
    await writeJsonFileDurably(file, { mode: 'rw' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ mode: 'rw' });
  });

  it('replaces the previous content and leaves no temp file behind', async () => {
    const directory = await aDirectory();
    const file = path.join(directory, 'state.json');
    await writeJsonFileDurably(file, { version: 1 });
    await writeJsonFileDurably(file, { version: 2 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 2 });
    expect(await readdir(directory)).toEqual(['state.json']);
  });

  it('removes its temp file when the rename fails', async () => {
    const directory = await aDirectory();
    const target = path.join(directory, 'state.json');
    // A non-empty directory in the way: the rename cannot replace it.
    await mkdir(target);
    await writeFile(path.join(target, 'keep'), 'x');
    await expect(writeJsonFileDurably(target, { version: 1 })).rejects.toThrow();
    expect(await readdir(directory)).toEqual(['state.json']);
  });
});

describe(readFileIfPresent.name, () => {
  it('answers undefined for a missing file, even in a missing directory', async () => {
    expect(await readFileIfPresent(path.join(await aDirectory(), 'nope', 'state.json'))).toBeUndefined();
  });
});
