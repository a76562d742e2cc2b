import { appendFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttrWalErrorCode } from '../attr-wal.errors';
import { FaultInjectingFileSystem } from '../fs/fault-injecting-file-system';
import { NodeFileSystem } from '../fs/node-file-system';
import { aDataDir } from '../test/attr-wal.fixtures';
import type { WalRecord } from './wal-record';
import { WriteAheadLog } from './write-ahead-log';

const AT = '2026-01-01T00:00:00.000Z';
const intent = (tx: string): WalRecord => ({
  tx,
  op: 'create',
  phase: 'intent',
  file_id: `f-${tx}`,
  previous: null,
  at: AT,
});
const commit = (tx: string): WalRecord => ({ tx, op: 'create', phase: 'commit', file_id: `f-${tx}`, at: AT });

describe(WriteAheadLog.name, () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let fs: FaultInjectingFileSystem;

  beforeEach(async () => {
    ({ dir, cleanup } = await aDataDir());
    fs = new FaultInjectingFileSystem(new NodeFileSystem());
  });
  afterEach(() => cleanup());

  describe('append', () => {
    it('is readable after reopening, unfinished intents first to last', async () => {
      const wal = await WriteAheadLog.open(fs, dir);
      await wal.append(intent('a'));
      await wal.append(intent('b'));
      await wal.append(commit('a'));
      await wal.close();
      const reopened = await WriteAheadLog.open(fs, dir);
      expect(reopened.unfinishedIntents().map((record) => record.tx)).toEqual(['b']);
    });

    it('shares one fdatasync among appends made in the same tick', async () => {
      const wal = await WriteAheadLog.open(fs, dir);
      await Promise.all(Array.from({ length: 8 }, (_, i) => wal.append(intent(String(i)))));
      expect(fs.count('datasync')).toBe(1);
      expect(wal.unfinishedIntents()).toHaveLength(8);
    });

    it('batches appends that arrive while a flush is running', async () => {
      const wal = await WriteAheadLog.open(fs, dir);
      const first = wal.append(intent('first'));
      await new Promise((resolve) => setImmediate(resolve));
      // The first flush is now in progress; these queue behind it and share the next fdatasync.
      const rest = Array.from({ length: 5 }, (_, i) => wal.append(intent(String(i))));
      await Promise.all([first, ...rest]);
      expect(fs.count('datasync')).toBe(2);
    });

    it('fails every waiting append on an fdatasync error, never retries it, and refuses later appends', async () => {
      const wal = await WriteAheadLog.open(fs, dir);
      fs.inject({ operation: 'datasync', code: 'EIO', times: 1 });
      const results = await Promise.allSettled([wal.append(intent('a')), wal.append(intent('b'))]);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
      expect(wal.healthy).toBe(false);
      await expect(wal.append(intent('c'))).rejects.toMatchObject({ code: AttrWalErrorCode.IoFailure });
      expect(fs.count('datasync')).toBe(1);
      expect(wal.unfinishedIntents()).toEqual([]);
    });

    it('maps ENOSPC to no_space', async () => {
      const wal = await WriteAheadLog.open(fs, dir);
      fs.inject({ operation: 'write', code: 'ENOSPC' });
      await expect(wal.append(intent('a'))).rejects.toMatchObject({ code: AttrWalErrorCode.NoSpace });
    });
  });

  describe('open', () => {
    it('ignores a torn last line and counts it', async () => {
      const wal = await WriteAheadLog.open(fs, dir);
      await wal.append(intent('a'));
      await wal.close();
      const [segment] = await readdir(dir);
      await appendFile(join(dir, segment), '{"crc32":"0badf00d","record":{"tx":"b","op":"cre');
      const reopened = await WriteAheadLog.open(fs, dir);
      expect(reopened.tornLines).toBe(1);
      expect(reopened.unfinishedIntents().map((record) => record.tx)).toEqual(['a']);
    });

    it('writes new records to a new segment, never after a torn tail', async () => {
      const wal = await WriteAheadLog.open(fs, dir);
      await wal.append(intent('a'));
      await wal.close();
      const reopened = await WriteAheadLog.open(fs, dir);
      await reopened.append(commit('a'));
      expect(await readdir(dir)).toEqual(['wal-000000000001.log', 'wal-000000000002.log']);
    });
  });

  describe('rotation and compaction', () => {
    it('rotates at the size limit and deletes fully finished segments', async () => {
      const wal = await WriteAheadLog.open(fs, dir, { maxSegmentBytes: 1 });
      await wal.append(intent('a'));
      await wal.append(intent('b'));
      expect(await readdir(dir)).toHaveLength(2);
      await wal.append(commit('a'));
      await wal.compact(); // waits for the rotation's own compaction
      // Segment 1 (intent a) and 3 (commit a) are finished, but 2 holds open intent b and protects 3.
      expect(await readdir(dir)).toEqual(['wal-000000000002.log', 'wal-000000000003.log']);
      await wal.append(commit('b'));
      await wal.compact();
      expect(await readdir(dir)).toEqual([]);
      expect(wal.segmentCount).toBe(0);
    });

    it('never deletes a segment holding the commit of an intent kept in an older segment', async () => {
      const wal = await WriteAheadLog.open(fs, dir);
      await wal.append(intent('open'));
      await wal.append(intent('done'));
      await wal.close();
      const second = await WriteAheadLog.open(fs, dir);
      await second.append(commit('done'));
      expect(await second.compact()).toBe(0);
      await second.close();
      const third = await WriteAheadLog.open(fs, dir);
      expect(third.unfinishedIntents().map((record) => record.tx)).toEqual(['open']);
    });

    it('compacts the current segment when everything in it finished', async () => {
      const wal = await WriteAheadLog.open(fs, dir);
      await wal.append(intent('a'));
      await wal.append(commit('a'));
      expect(await wal.compact()).toBe(1);
      expect(await readdir(dir)).toEqual([]);
      await wal.append(intent('b'));
      expect(await readdir(dir)).toEqual(['wal-000000000002.log']);
      expect(await readFile(join(dir, 'wal-000000000002.log'), 'utf8')).toContain('"tx":"b"');
    });
  });
});
