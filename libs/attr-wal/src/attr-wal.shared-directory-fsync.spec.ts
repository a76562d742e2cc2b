import { mkdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttrWal } from './attr-wal';
import { AttrWalErrorCode } from './attr-wal.errors';
import type { Failpoint } from './transactions/failpoints';
import { FaultInjectingFileSystem } from './fs/fault-injecting-file-system';
import { NodeFileSystem } from './fs/node-file-system';
import { newFileId } from './layout/file-id';
import { pathsFor } from './layout/file-layout';
import {
  aDataDir,
  bodyOf,
  listFiles,
  readWalRecords,
  someAttributes,
  waitFor,
} from './test/attr-wal.fixtures';

/** Holds the first directory fsync of `held` until `release()`, so later callers must queue behind it. */
class HoldingFileSystem extends FaultInjectingFileSystem {
  held: string | undefined;
  private releaseHeld: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => (this.releaseHeld = resolve));

  override async syncDirectory(path: string): Promise<void> {
    if (path === this.held) {
      this.held = undefined;
      await this.gate;
    }
    return super.syncDirectory(path);
  }

  release(): void {
    this.releaseHeld();
  }
}

const IN_FLIGHT = 8;
const HOUR = new Date('2026-03-04T05:00:00.000Z');

describe(`${AttrWal.name} sharing directory fsyncs`, () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let fs: HoldingFileSystem;
  let attrWal: AttrWal;
  let fileIds: string[];
  let hourDir: string;
  let failpoint: Failpoint | undefined;
  const content = Buffer.alloc(4096, 5);

  beforeEach(async () => {
    ({ dir, cleanup } = await aDataDir());
    fs = new HoldingFileSystem(new NodeFileSystem());
    failpoint = undefined;
    attrWal = await AttrWal.open({
      dataDir: dir,
      storageElementId: 'se-01',
      fileSystem: fs,
      failpoint: (step) => failpoint?.(step),
    });
    fileIds = Array.from({ length: IN_FLIGHT }, (_, i) => newFileId(new Date(HOUR.getTime() + i)));
    hourDir = pathsFor(dir, fileIds[0]).directory;
    // Created up front so every syncDirectory on hourDir belongs to the creates themselves.
    await mkdir(hourDir, { recursive: true });
  });
  afterEach(async () => {
    await attrWal.close().catch(() => undefined);
    await cleanup();
  });

  const createAll = () =>
    fileIds.map((fileId) => attrWal.create({ fileId, body: bodyOf(content), attributes: someAttributes() }));

  /** Starts the creates with the first directory fsync held until every attr.json is renamed. */
  async function createAllBehindAHeldSync(): Promise<PromiseSettledResult<unknown>[]> {
    fs.held = hourDir;
    const creates = createAll();
    await waitFor(() => fs.count('rename', /\.attr\.json$/) === IN_FLIGHT);
    fs.release();
    return Promise.allSettled(creates);
  }

  it(`makes ${IN_FLIGHT} concurrent creates in one directory share directory fsyncs`, async () => {
    // Line the creates up after their data renames, as a burst of uploads would be.
    let arrived = 0;
    let releaseAll: () => void = () => undefined;
    const allArrived = new Promise<void>((resolve) => (releaseAll = resolve));
    failpoint = async (step) => {
      if (step === 'create:after-body-rename') {
        arrived += 1;
        if (arrived === IN_FLIGHT) {
          releaseAll();
        }
        await allArrived;
      }
    };
    const results = await Promise.all(createAll());
    expect(results.every((result) => result.created)).toBe(true);
    expect(await listFiles(dir)).toHaveLength(2 * IN_FLIGHT);
    expect(fs.count('syncDirectory', hourDir)).toBeLessThan(IN_FLIGHT);
  });

  it('makes every create that asked during a running directory fsync share the next one', async () => {
    const results = await createAllBehindAHeldSync();
    expect(results.map((result) => result.status)).toEqual(Array(IN_FLIGHT).fill('fulfilled'));
    // The held sync serves the first create; the other seven renamed during it and share one more.
    expect(fs.count('syncDirectory', hourDir)).toBe(2);
    for (const fileId of fileIds) {
      expect(await attrWal.readAttributes(fileId)).toMatchObject({ file_id: fileId });
    }
  });

  it('fails every create waiting on a failed shared directory fsync, and each rolls back cleanly', async () => {
    // The held first sync succeeds; the shared second one fails once.
    fs.inject({ operation: 'syncDirectory', code: 'EIO', path: hourDir, afterCalls: 1, times: 1 });
    const results = await createAllBehindAHeldSync();

    const created = fileIds.filter((_, i) => results[i].status === 'fulfilled');
    const failed = results.filter((result) => result.status === 'rejected');
    expect(created).toHaveLength(1);
    expect(failed).toHaveLength(IN_FLIGHT - 1);
    for (const failure of failed) {
      expect(failure.reason).toMatchObject({ code: AttrWalErrorCode.IoFailure, rollbackFailures: [] });
    }
    // One failed fsync, never retried on behalf of its waiters (their rollbacks sync the directory anew).
    expect(fs.calls.filter((call) => call.operation === 'syncDirectory' && call.failed)).toHaveLength(1);

    const paths = pathsFor(dir, created[0]);
    expect(await listFiles(dir)).toEqual(
      [paths.data, paths.attributes].map((path) => path.slice(dir.length + 1)),
    );
    const outcomes = new Map<string, string[]>();
    for (const record of await readWalRecords(dir)) {
      outcomes.set(record.file_id, [...(outcomes.get(record.file_id) ?? []), record.phase]);
    }
    for (const fileId of fileIds) {
      const expected = fileId === created[0] ? ['intent', 'commit'] : ['intent', 'abort'];
      expect(outcomes.get(fileId)).toEqual(expected);
    }
    expect(attrWal.healthy).toBe(true);

    const restarted = await AttrWal.open({ dataDir: dir, storageElementId: 'se-01' });
    const report = await restarted.recover();
    await restarted.close();
    expect(report).toMatchObject({ rolledBackCreates: 0, tempFilesRemoved: 0 });
    expect(await listFiles(dir)).toHaveLength(2);
  });
});
