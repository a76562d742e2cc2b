import type { AttrJson } from '@artstore/contracts';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AttrWal } from './attr-wal';
import { AttrWalErrorCode } from './attr-wal.errors';
import type { FileSystem } from './fs/file-system';
import { newFileId } from './layout/file-id';
import { pathsFor, trashPathsFor } from './layout/file-layout';
import { bodyOf, never, sha256Of, someAttributes, waitFor } from './test/attr-wal.fixtures';
import { anS3Backend, startS3Server, type RunningS3rver, type S3Backend } from './test/s3-backend.fixtures';
import { FAILPOINT_STEPS, type FailpointStep } from './transactions/failpoints';

const NOW = new Date('2026-02-03T04:05:06.000Z');
const content = Buffer.alloc(10_000, 7);
const otherContent = Buffer.alloc(3_000, 4);

describe(`${AttrWal.name} on the S3 backend`, () => {
  let server: RunningS3rver;
  let backend: S3Backend;
  let dir: string;

  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(() => server.stop());
  beforeEach(async () => {
    backend = await anS3Backend(server);
    dir = backend.dataDir;
  });
  afterEach(() => backend.cleanup());

  const open = (
    fileSystem: FileSystem = backend.fileSystem,
    failpoint?: (step: FailpointStep) => void | Promise<void>,
  ) => AttrWal.open({ dataDir: dir, storageElementId: 'se-01', fileSystem, failpoint, now: () => NOW });

  const keyOf = (path: string) => path.slice(dir.length + 1);

  async function readStored(path: string): Promise<Buffer | undefined> {
    return backend.fileSystem.readFile(path);
  }

  /** Every stored file (S3 objects and local files, WAL excluded) with the sha256 of its bytes. */
  async function snapshot(): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const path of await backend.listStoredFiles()) {
      files[path] = sha256Of((await readStored(join(dir, path))) ?? Buffer.alloc(0));
    }
    return files;
  }

  describe('transactions', () => {
    let attrWal: AttrWal;

    beforeEach(async () => {
      attrWal = await open();
    });
    afterEach(() => attrWal.close());

    const create = (
      fileId: string,
      body = content,
      extra: { expectedSha256?: string; maxBytes?: number } = {},
    ) => attrWal.create({ fileId, body: bodyOf(body), attributes: someAttributes(), ...extra });

    it('stores the bytes and attr.json as objects and leaves only the WAL on the local disk', async () => {
      const fileId = newFileId();
      const result = await create(fileId);
      const paths = pathsFor(dir, fileId);
      expect(result).toMatchObject({ created: true, attributes: { sha256: sha256Of(content), version: 1 } });
      expect(await backend.listObjectKeys()).toEqual([keyOf(paths.data), keyOf(paths.attributes)].sort());
      expect(await backend.listStoredFiles()).toEqual(await backend.listObjectKeys());
      expect(await readStored(paths.data)).toEqual(content);
      expect(JSON.parse((await readStored(paths.attributes))?.toString() ?? '')).toEqual(result.attributes);
      expect(await attrWal.readAttributes(fileId)).toEqual(result.attributes);
    });

    it('stores an empty body', async () => {
      const fileId = newFileId();
      const result = await create(fileId, Buffer.alloc(0));
      expect(result.attributes).toMatchObject({ size_bytes: 0, sha256: sha256Of(Buffer.alloc(0)) });
      expect(await readStored(pathsFor(dir, fileId).data)).toEqual(Buffer.alloc(0));
    });

    it('answers a retry with the same content with the stored attributes', async () => {
      const fileId = newFileId();
      const first = await create(fileId);
      await expect(create(fileId)).resolves.toEqual({ attributes: first.attributes, created: false });
    });

    it('refuses the same id with other content and keeps the stored bytes', async () => {
      const fileId = newFileId();
      await create(fileId);
      await expect(create(fileId, otherContent)).rejects.toMatchObject({ code: AttrWalErrorCode.Conflict });
      expect(await readStored(pathsFor(dir, fileId).data)).toEqual(content);
    });

    it.each([
      ['digest_mismatch', { expectedSha256: sha256Of(Buffer.from('x')) }, AttrWalErrorCode.DigestMismatch],
      ['size_limit', { maxBytes: 9_999 }, AttrWalErrorCode.SizeLimit],
    ])('refuses %s and leaves nothing behind, locally or in S3', async (_label, extra, code) => {
      await expect(create(newFileId(), content, extra)).rejects.toMatchObject({ code });
      expect(await backend.listStoredFiles()).toEqual([]);
    });

    it('removes the uploaded objects when the hook fails', async () => {
      const fileId = newFileId();
      const attempt = attrWal.create({
        fileId,
        body: bodyOf(content),
        attributes: someAttributes(),
        beforeCommit: () => Promise.reject(new Error('redis down')),
      });
      await expect(attempt).rejects.toMatchObject({ code: AttrWalErrorCode.HookFailed });
      expect(await backend.listStoredFiles()).toEqual([]);
      expect(await attrWal.readAttributes(fileId)).toBeUndefined();
    });

    it('updates attr.json: version + 1, and restores it when the hook fails', async () => {
      const fileId = newFileId();
      await create(fileId);
      const updated = await attrWal.updateAttributes(fileId, { description: 'new', tags: ['a'] });
      expect(updated).toMatchObject({ description: 'new', tags: ['a'], version: 2 });
      expect(await attrWal.readAttributes(fileId)).toEqual(updated);

      const attempt = attrWal.updateAttributes(fileId, { description: 'newer' }, () =>
        Promise.reject(new Error('publish failed')),
      );
      await expect(attempt).rejects.toMatchObject({ code: AttrWalErrorCode.HookFailed });
      expect(await attrWal.readAttributes(fileId)).toEqual(updated);
      expect(await backend.listStoredFiles()).toHaveLength(2);
    });

    it('answers not_found for an update or delete of an unknown id', async () => {
      await expect(attrWal.updateAttributes(newFileId(), {})).rejects.toMatchObject({
        code: AttrWalErrorCode.NotFound,
      });
      await expect(attrWal.delete(newFileId())).rejects.toMatchObject({ code: AttrWalErrorCode.NotFound });
      expect(await attrWal.readAttributes(newFileId())).toBeUndefined();
    });

    it('deletes the objects, and brings them back when the hook fails', async () => {
      const kept = newFileId();
      const { attributes } = await create(kept);
      const attempt = attrWal.delete(kept, () => Promise.reject(new Error('cache down')));
      await expect(attempt).rejects.toMatchObject({ code: AttrWalErrorCode.HookFailed });
      expect(await attrWal.readAttributes(kept)).toEqual(attributes);
      expect(await readStored(pathsFor(dir, kept).data)).toEqual(content);
      expect(await backend.listStoredFiles()).toHaveLength(2);

      await expect(attrWal.delete(kept)).resolves.toEqual(attributes);
      expect(await backend.listStoredFiles()).toEqual([]);
    });
  });

  describe('recover', () => {
    async function expectIntact(fileId: string, expected: AttrJson, bytes: Buffer): Promise<void> {
      const paths = pathsFor(dir, fileId);
      expect(JSON.parse((await readStored(paths.attributes))?.toString() ?? '')).toEqual(expected);
      expect(await readStored(paths.data)).toEqual(bytes);
    }

    async function seedFile(): Promise<{ fileId: string; attributes: AttrJson }> {
      const seed = await open();
      const fileId = newFileId();
      const { attributes } = await seed.create({
        fileId,
        body: bodyOf(content),
        attributes: someAttributes(),
      });
      await seed.close();
      return { fileId, attributes };
    }

    function startWork(attrWal: AttrWal, step: FailpointStep, existingId: string, newId: string) {
      const [op] = step.split(':');
      return op === 'create'
        ? attrWal.create({ fileId: newId, body: bodyOf(otherContent), attributes: someAttributes() })
        : op === 'update'
          ? attrWal.updateAttributes(existingId, { description: 'changed' })
          : attrWal.delete(existingId);
    }

    describe.each(FAILPOINT_STEPS)('after a crash at %s', (step) => {
      it('keeps committed files, drops uncommitted ones, leaves no temp or trash, and is idempotent', async () => {
        const { fileId: existingId, attributes: existing } = await seedFile();
        const newId = newFileId();
        let reached = false;
        // The doomed instance freezes at `step`, as a killed process would; it is never closed.
        const doomed = await open(await backend.reopen(), async (current) => {
          if (current === step) {
            reached = true;
            await never();
          }
        });
        void startWork(doomed, step, existingId, newId).catch(() => undefined);
        await waitFor(() => reached);

        const restarted = await open(await backend.reopen());
        const report = await restarted.recover();
        const committed = step.endsWith(':after-commit');
        const op = step.split(':')[0];
        if (op === 'create') {
          await expectIntact(existingId, existing, content);
          if (committed) {
            expect(await readStored(pathsFor(dir, newId).data)).toEqual(otherContent);
          } else {
            expect(await restarted.readAttributes(newId)).toBeUndefined();
            expect(await readStored(pathsFor(dir, newId).data)).toBeUndefined();
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
        const stored = await backend.listStoredFiles();
        expect(stored.filter((path) => /\/\.(tmp|trash)-/.test(path))).toEqual([]);
        const afterFirst = await snapshot();
        await restarted.close();

        const again = await open(await backend.reopen());
        const second = await again.recover();
        await again.close();
        expect(await snapshot()).toEqual(afterFirst);
        expect(second).toMatchObject({
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
          const { fileId: existingId } = await seedFile();
          const before = await snapshot();
          const attrWal = await open(backend.fileSystem, (current) => {
            if (current === step) {
              throw new Error(`failpoint ${current}`);
            }
          });
          await expect(startWork(attrWal, step, existingId, newFileId())).rejects.toMatchObject({
            code: AttrWalErrorCode.IoFailure,
          });
          await attrWal.close();
          expect(await snapshot()).toEqual(before);
          const restarted = await open(await backend.reopen());
          const report = await restarted.recover();
          await restarted.close();
          expect(report).toMatchObject({ rolledBackCreates: 0, rolledBackUpdates: 0, rolledBackDeletes: 0 });
          expect(await snapshot()).toEqual(before);
        });
      },
    );

    it('removes orphan temp files and trash objects of the tree and nothing outside it', async () => {
      const { fileId } = await seedFile();
      const { directory } = pathsFor(dir, fileId);
      await backend.fileSystem.makeDirectory(directory);
      await writeFile(join(directory, '.tmp-0123abcd-data'), 'partial');
      const trash = trashPathsFor(dir, newFileId(), 'tx-gone').data;
      await backend.client.putObject(backend.bucket, backend.keyPrefix + keyOf(trash), Buffer.from('hidden'));
      await writeFile(join(dir, '.tmp-mode'), 'another module owns this');
      await writeFile(join(dir, 'mode.json'), '{}');
      const before = await backend.listStoredFiles();
      expect(before).toHaveLength(6);

      const attrWal = await open(await backend.reopen());
      await expect(attrWal.recover()).resolves.toMatchObject({ tempFilesRemoved: 1, trashFilesRemoved: 1 });
      await attrWal.close();

      const paths = pathsFor(dir, fileId);
      expect(await backend.listStoredFiles()).toEqual(
        ['.tmp-mode', 'mode.json', keyOf(paths.data), keyOf(paths.attributes)].sort(),
      );
    });
  });
});
