import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Upload } from '@tus/utils';
import { afterEach, describe, expect, it } from 'vitest';
import { DurableFileStore } from './durable-file.store';

describe(DurableFileStore.name, () => {
  const dirs: string[] = [];
  const aStore = (): DurableFileStore => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'artstore-durable-')), 'staging');
    dirs.push(path.dirname(dir));
    return new DurableFileStore(dir, 60_000);
  };

  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('creates its directory at once and offers no deferred length', () => {
    const store = aStore();
    expect(readdirSync(store.directory)).toEqual([]);
    expect(store.extensions).toEqual(['creation', 'creation-with-upload', 'termination', 'expiration']);
  });

  it('stages bytes and info, appends at the offset, and removes both', async () => {
    const store = aStore();
    await store.create(new Upload({ id: 'u1', size: 6, offset: 0, metadata: { filename: 'a' } }));
    expect(await store.write(Readable.from([Buffer.from('abc')]), 'u1', 0)).toBe(3);
    expect(await store.write(Readable.from([Buffer.from('def')]), 'u1', 3)).toBe(6);
    expect(readFileSync(store.bytesPath('u1'), 'utf8')).toBe('abcdef');
    expect((await store.getUpload('u1')).offset).toBe(6);
    await store.remove('u1');
    expect(readdirSync(store.directory)).toEqual([]);
  });
});
