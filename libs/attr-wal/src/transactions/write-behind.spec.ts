import { describe, expect, it } from 'vitest';
import type { WritableFile } from '../fs/file-system';
import { WriteBehind } from './write-behind';

/** A file whose writes finish only when the test says so. */
function aSlowFile() {
  const written: Buffer[] = [];
  const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const file: WritableFile = {
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        written.push(Buffer.from(data));
        waiting.push({ resolve, reject });
      }),
    sync: () => Promise.resolve(),
    datasync: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { file, written, waiting };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe(WriteBehind.name, () => {
  it('keeps one write in flight and sends what arrived meanwhile in one batch, in order', async () => {
    const { file, written, waiting } = aSlowFile();
    const writer = new WriteBehind(file);
    await writer.push(Buffer.from('a'));
    await writer.push(Buffer.from('b'));
    await writer.push(Buffer.from('c'));
    expect(written.map(String)).toEqual(['a']);
    waiting.shift()?.resolve();
    await flush();
    expect(written.map(String)).toEqual(['a', 'bc']);
    const finished = writer.finish();
    waiting.shift()?.resolve();
    await finished;
    expect(Buffer.concat(written).toString()).toBe('abc');
  });

  it('makes the sender wait once a full batch queues behind a running write', async () => {
    const { file, waiting } = aSlowFile();
    const writer = new WriteBehind(file);
    await writer.push(Buffer.alloc(10));
    let returned = false;
    const blocked = writer.push(Buffer.alloc(4 * 1024 * 1024)).then(() => (returned = true));
    await flush();
    expect(returned).toBe(false);
    waiting.shift()?.resolve();
    await blocked;
    expect(returned).toBe(true);
  });

  it('reports a failed write to the next push or to finish', async () => {
    const { file, waiting } = aSlowFile();
    const writer = new WriteBehind(file);
    await writer.push(Buffer.from('a'));
    waiting.shift()?.reject(Object.assign(new Error('EIO'), { code: 'EIO' }));
    await flush();
    await expect(writer.push(Buffer.from('b'))).rejects.toThrow('EIO');
    await expect(writer.finish()).rejects.toThrow('EIO');
  });

  it('settles without throwing so the caller can close the file after a failure', async () => {
    const { file, waiting } = aSlowFile();
    const writer = new WriteBehind(file);
    await writer.push(Buffer.from('a'));
    const settled = writer.settle();
    waiting.shift()?.reject(new Error('ENOSPC'));
    await expect(settled).resolves.toBeUndefined();
  });
});
