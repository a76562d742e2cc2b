import type { AttrJson } from '@artstore/contracts';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttrWal } from '../attr-wal';
import { newFileId } from '../layout/file-id';
import { pathsFor } from '../layout/file-layout';
import {
  aDataDir,
  bodyOf,
  listFiles,
  never,
  sha256Of,
  someAttributes,
  waitFor,
} from '../test/attr-wal.fixtures';
import { FAILPOINT_STEPS, type FailpointStep } from '../transactions/failpoints';

const content = Buffer.alloc(5000, 9);
const otherContent = Buffer.alloc(3000, 4);

describe('recoverPendingTransactions', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await aDataDir());
  });
  afterEach(() => cleanup());

  const open = (failpoint?: (step: FailpointStep) => void | Promise<void>) =>
    AttrWal.open({ dataDir: dir, storageElementId: 'se-01', failpoint });

  /** Every file under the data dir with its bytes, to compare states. */
  async function snapshot(): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const path of await listFiles(dir)) {
      files[path] = sha256Of(await readFile(join(dir, path)));
    }
    return files;
  }

  async function expectIntact(fileId: string, expected: AttrJson, bytes: Buffer): Promise<void> {
    const paths = pathsFor(dir, fileId);
    expect(JSON.parse(await readFile(paths.attributes, 'utf8'))).toEqual(expected);
    expect(sha256Of(await readFile(paths.data))).toBe(expected.sha256);
    expect(await readFile(paths.data)).toEqual(bytes);
  }

  async function startAndCrashAt(step: FailpointStep, existingId: string, newId: string): Promise<void> {
    let reached = false;
    const doomed = await open(async (current) => {
      if (current === step) {
        reached = true;
        await never();
      }
    });
    const [op] = step.split(':');
    const work =
      op === 'create'
        ? doomed.create({ fileId: newId, body: bodyOf(otherContent), attributes: someAttributes() })
        : op === 'update'
          ? doomed.updateAttributes(existingId, { description: 'changed' })
          : doomed.delete(existingId);
    void work.catch(() => undefined);
    await waitFor(() => reached);
    // The doomed instance is abandoned mid-transaction: nothing after `step` ever runs, as after a kill.
  }

  describe.each(FAILPOINT_STEPS)('after a crash at %s', (step) => {
    it('keeps committed files, drops uncommitted ones, leaves no temp file, and is idempotent', async () => {
      const setup = await open();
      const existingId = newFileId();
      const { attributes: existing } = await setup.create({
        fileId: existingId,
        body: bodyOf(content),
        attributes: someAttributes(),
      });
      await setup.close();
      const newId = newFileId();

      await startAndCrashAt(step, existingId, newId);

      const restarted = await open();
      const report = await restarted.recover();
      const committed = step.endsWith(':after-commit');
      const op = step.split(':')[0];

      if (op === 'create') {
        await expectIntact(existingId, existing, content);
        if (committed) {
          expect((await restarted.readAttributes(newId))?.sha256).toBe(sha256Of(otherContent));
          expect(await readFile(pathsFor(dir, newId).data)).toEqual(otherContent);
        } else {
          expect(await restarted.readAttributes(newId)).toBeUndefined();
          expect(report.rolledBackCreates).toBe(1);
        }
      } else if (op === 'update') {
        if (committed) {
          expect(await restarted.readAttributes(existingId)).toMatchObject({
            description: 'changed',
            version: 2,
          });
        } else {
          await expectIntact(existingId, existing, content);
          expect(report.rolledBackUpdates).toBe(1);
        }
      } else if (committed) {
        expect(await restarted.readAttributes(existingId)).toBeUndefined();
      } else {
        await expectIntact(existingId, existing, content);
        expect(report.rolledBackDeletes).toBe(1);
      }

      const files = await listFiles(dir);
      expect(files.filter((path) => /[/\\]\.(tmp|trash)-/.test(path))).toEqual([]);
      const afterFirst = await snapshot();
      await restarted.close();

      const again = await open();
      const secondReport = await again.recover();
      await again.close();
      expect(await snapshot()).toEqual(afterFirst);
      expect(secondReport).toMatchObject({
        rolledBackCreates: 0,
        rolledBackUpdates: 0,
        rolledBackDeletes: 0,
        tempFilesRemoved: 0,
        trashFilesRemoved: 0,
      });
    });
  });

  describe.each(FAILPOINT_STEPS.filter((step) => !step.endsWith(':after-commit')))(
    'after a failure thrown at %s',
    (step) => {
      it('rolls back in-process, so recovery finds nothing to do', async () => {
        const attrWal = await open((current) => {
          if (current === step) {
            throw new Error(`failpoint ${current}`);
          }
        });
        const existingId = newFileId();
        const seed = await open();
        await seed.create({ fileId: existingId, body: bodyOf(content), attributes: someAttributes() });
        await seed.close();
        const before = await snapshot();
        const op = step.split(':')[0];
        const work =
          op === 'create'
            ? attrWal.create({
                fileId: newFileId(),
                body: bodyOf(otherContent),
                attributes: someAttributes(),
              })
            : op === 'update'
              ? attrWal.updateAttributes(existingId, { description: 'changed' })
              : attrWal.delete(existingId);
        await expect(work).rejects.toMatchObject({ code: 'io_failure' });
        await attrWal.close();
        expect(await snapshot()).toEqual(before);
        const restarted = await open();
        const report = await restarted.recover();
        await restarted.close();
        expect(report).toMatchObject({ rolledBackCreates: 0, rolledBackUpdates: 0, rolledBackDeletes: 0 });
        expect(await snapshot()).toEqual(before);
      });
    },
  );

  it('removes orphan temp files in the file tree and nothing outside it', async () => {
    const fileId = newFileId();
    const hourDir = pathsFor(dir, fileId).directory;
    await mkdir(hourDir, { recursive: true });
    await writeFile(join(hourDir, '.tmp-0123abcd'), 'partial');
    await writeFile(join(dir, '.tmp-mode'), 'another module owns this');
    await writeFile(join(dir, 'mode.json'), '{}');
    const attrWal = await open();
    await expect(attrWal.recover()).resolves.toMatchObject({ tempFilesRemoved: 1 });
    await attrWal.close();
    expect(await listFiles(dir)).toEqual(['.tmp-mode', 'mode.json']);
  });

  it('empties the WAL once everything is finished', async () => {
    const attrWal = await open();
    await attrWal.create({ fileId: newFileId(), body: bodyOf(content), attributes: someAttributes() });
    await attrWal.recover();
    await attrWal.close();
    expect(await readdir(join(dir, 'wal'))).toEqual([]);
    const reopened = await open();
    const report = await reopened.recover();
    await reopened.close();
    expect(report.walSegmentsRemoved).toBe(0);
    expect(await readdir(join(dir, 'wal'))).toEqual([]);
  });
});
