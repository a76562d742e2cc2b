import { mkdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttrWal } from './attr-wal';
import { AttrWalErrorCode } from './attr-wal.errors';
import { FaultInjectingFileSystem, type InjectedFault } from './fs/fault-injecting-file-system';
import { NodeFileSystem } from './fs/node-file-system';
import { newFileId } from './layout/file-id';
import { pathsFor } from './layout/file-layout';
import { aDataDir, bodyOf, listFiles, readWalRecords, someAttributes } from './test/attr-wal.fixtures';

describe(`${AttrWal.name} under injected faults`, () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let fs: FaultInjectingFileSystem;
  let attrWal: AttrWal;
  let fileId: string;
  let hourDir: string;
  const content = Buffer.alloc(10_000, 3);

  beforeEach(async () => {
    ({ dir, cleanup } = await aDataDir());
    fs = new FaultInjectingFileSystem(new NodeFileSystem());
    attrWal = await AttrWal.open({ dataDir: dir, storageElementId: 'se-01', fileSystem: fs });
    fileId = newFileId();
    hourDir = pathsFor(dir, fileId).directory;
    // Created up front so every syncDirectory on hourDir below belongs to the protocol itself.
    await mkdir(hourDir, { recursive: true });
  });
  afterEach(async () => {
    await attrWal.close().catch(() => undefined);
    await cleanup();
  });

  const create = () => attrWal.create({ fileId, body: bodyOf(content), attributes: someAttributes() });

  async function expectNothingHalfWritten(): Promise<void> {
    expect(await listFiles(dir)).toEqual([]);
    expect(await attrWal.readAttributes(fileId)).toBeUndefined();
  }

  describe('create', () => {
    const cases: [
      string,
      () => InjectedFault,
      AttrWalErrorCode,
      'sync' | 'syncDirectory' | 'write' | 'rename',
    ][] = [
      [
        'ENOSPC in the middle of the body',
        // The first chunk is written alone, the rest batched behind it (WriteBehind): fail the second write.
        () => ({ operation: 'write', code: 'ENOSPC', path: '.tmp-', afterCalls: 1 }),
        AttrWalErrorCode.NoSpace,
        'write',
      ],
      [
        'EIO at the fsync of the data file',
        () => ({ operation: 'sync', code: 'EIO', path: '-data' }),
        AttrWalErrorCode.IoFailure,
        'sync',
      ],
      [
        'EIO at the fsync of attr.json',
        () => ({ operation: 'sync', code: 'EIO', path: '-attr' }),
        AttrWalErrorCode.IoFailure,
        'sync',
      ],
      [
        'EIO at the rename of the data file',
        () => ({ operation: 'rename', code: 'EIO', path: `${fileId}` }),
        AttrWalErrorCode.IoFailure,
        'rename',
      ],
      [
        'EIO at the directory fsync',
        () => ({ operation: 'syncDirectory', code: 'EIO', path: hourDir, times: 1 }),
        AttrWalErrorCode.IoFailure,
        'syncDirectory',
      ],
    ];

    it.each(cases)(
      'fails on %s, rolls back, journals the abort, never retries the call',
      async (_label, fault, code, operation) => {
        fs.inject(fault());
        await expect(create()).rejects.toMatchObject({ code });
        await expectNothingHalfWritten();
        expect(fs.calls.filter((call) => call.operation === operation && call.failed)).toHaveLength(1);
        const failedIndex = fs.calls.findIndex((call) => call.failed);
        // After the failing call, the same operation only appears as part of the rollback (never on the same temp file).
        const retried = fs.calls
          .slice(failedIndex + 1)
          .some(
            (call) =>
              call.operation === operation &&
              call.path === fs.calls[failedIndex].path &&
              operation !== 'syncDirectory',
          );
        expect(retried).toBe(false);
        const phases = (await readWalRecords(dir)).map((record) => record.phase);
        expect(phases).toEqual(['intent', 'abort']);
        expect(attrWal.healthy).toBe(true);
      },
    );

    it('renames nothing and removes its temp files when the intent cannot be made durable', async () => {
      fs.inject({ operation: 'datasync', code: 'EIO', path: '/wal/' });
      await expect(create()).rejects.toMatchObject({ code: AttrWalErrorCode.IoFailure });
      await expectNothingHalfWritten();
      expect(fs.count('rename')).toBe(0);
      expect(fs.count('datasync')).toBe(1);
      expect(attrWal.healthy).toBe(false);
    });

    it('rolls the files back when the commit record fails, and recovery keeps them gone', async () => {
      fs.inject({ operation: 'datasync', code: 'EIO', path: '/wal/', afterCalls: 1 });
      await expect(create()).rejects.toMatchObject({ code: AttrWalErrorCode.IoFailure });
      await expectNothingHalfWritten();
      expect(fs.count('datasync')).toBe(2);
      // The unsynced commit line may or may not survive; either way recovery must not resurrect the file.
      const restarted = await AttrWal.open({ dataDir: dir, storageElementId: 'se-01' });
      await restarted.recover();
      await restarted.close();
      expect(await listFiles(dir)).toEqual([]);
    });

    it('records a failing compensation on the error and leaves the intent open', async () => {
      fs.inject({ operation: 'syncDirectory', code: 'EIO', path: hourDir });
      fs.inject({ operation: 'removeFile', code: 'EIO', path: `${fileId}` });
      const error: unknown = await create().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: AttrWalErrorCode.IoFailure });
      expect((error as { rollbackFailures: unknown[] }).rollbackFailures.length).toBeGreaterThan(0);
      expect((await readWalRecords(dir)).map((record) => record.phase)).toEqual(['intent']);
    });
  });

  describe('updateAttributes', () => {
    it('keeps the old attributes when the fsync of the new attr.json fails', async () => {
      const { attributes } = await create();
      fs.inject({ operation: 'sync', code: 'EIO' });
      await expect(attrWal.updateAttributes(fileId, { description: 'new' })).rejects.toMatchObject({
        code: AttrWalErrorCode.IoFailure,
      });
      fs.clearFaults();
      expect(await attrWal.readAttributes(fileId)).toEqual(attributes);
      expect(await listFiles(dir)).toHaveLength(2);
    });
  });

  describe('delete', () => {
    it('restores the file when the rename of the data file fails', async () => {
      const { attributes } = await create();
      fs.inject({ operation: 'rename', code: 'EIO', path: `/${fileId} ->` });
      await expect(attrWal.delete(fileId)).rejects.toMatchObject({ code: AttrWalErrorCode.IoFailure });
      fs.clearFaults();
      expect(await attrWal.readAttributes(fileId)).toEqual(attributes);
      expect(await listFiles(dir)).toHaveLength(2);
    });
  });
});
