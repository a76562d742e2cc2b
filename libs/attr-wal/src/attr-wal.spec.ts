import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttrWal } from './attr-wal';
import { AttrWalError, AttrWalErrorCode } from './attr-wal.errors';
import { FaultInjectingFileSystem } from './fs/fault-injecting-file-system';
import { NodeFileSystem } from './fs/node-file-system';
import { newFileId } from './layout/file-id';
import { pathsFor } from './layout/file-layout';
import { aDataDir, bodyOf, listFiles, sha256Of, someAttributes } from './test/attr-wal.fixtures';

const NOW = new Date('2026-02-03T04:05:06.000Z');

describe(AttrWal.name, () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let fs: FaultInjectingFileSystem;
  let attrWal: AttrWal;
  const content = Buffer.alloc(10_000, 7);

  beforeEach(async () => {
    ({ dir, cleanup } = await aDataDir());
    fs = new FaultInjectingFileSystem(new NodeFileSystem());
    attrWal = await AttrWal.open({ dataDir: dir, storageElementId: 'se-01', fileSystem: fs, now: () => NOW });
  });
  afterEach(async () => {
    await attrWal.close();
    await cleanup();
  });

  const create = (
    fileId: string,
    body = content,
    extra: { expectedSha256?: string; maxBytes?: number } = {},
  ) => attrWal.create({ fileId, body: bodyOf(body), attributes: someAttributes(), ...extra });

  describe('create', () => {
    it('stores the bytes and an attr.json describing them', async () => {
      const fileId = newFileId();
      const result = await create(fileId);
      const paths = pathsFor(dir, fileId);
      expect(result.created).toBe(true);
      expect(await readFile(paths.data)).toEqual(content);
      expect(JSON.parse(await readFile(paths.attributes, 'utf8'))).toEqual(result.attributes);
      expect(result.attributes).toMatchObject({
        schema_version: 1,
        file_id: fileId,
        size_bytes: content.byteLength,
        sha256: sha256Of(content),
        storage_element_id: 'se-01',
        created_at: NOW.toISOString(),
        version: 1,
        original_filename: 'scan.tiff',
      });
      expect(await listFiles(dir)).toHaveLength(2);
    });

    it('stores an empty body', async () => {
      const result = await create(newFileId(), Buffer.alloc(0));
      expect(result.attributes).toMatchObject({ size_bytes: 0, sha256: sha256Of(Buffer.alloc(0)) });
    });

    it('answers a retry with the same content with the stored attributes', async () => {
      const fileId = newFileId();
      const first = await create(fileId);
      const again = await create(fileId);
      expect(again).toEqual({ attributes: first.attributes, created: false });
    });

    it('refuses the same id with other content', async () => {
      const fileId = newFileId();
      await create(fileId);
      await expect(create(fileId, Buffer.from('other'))).rejects.toMatchObject({
        code: AttrWalErrorCode.Conflict,
      });
      expect(await readFile(pathsFor(dir, fileId).data)).toEqual(content);
    });

    it.each([
      ['size_limit', { maxBytes: 9_999 }, AttrWalErrorCode.SizeLimit],
      ['digest_mismatch', { expectedSha256: sha256Of(Buffer.from('x')) }, AttrWalErrorCode.DigestMismatch],
      ['invalid_attributes', { expectedSha256: 'not-hex' }, AttrWalErrorCode.InvalidAttributes],
    ])('refuses %s and leaves nothing behind', async (_label, extra, code) => {
      await expect(create(newFileId(), content, extra)).rejects.toMatchObject({ code });
      expect(await listFiles(dir)).toEqual([]);
    });

    it('refuses a body over the free capacity with no_space', async () => {
      const fileId = newFileId();
      const attempt = attrWal.create({
        fileId,
        body: bodyOf(content),
        attributes: someAttributes(),
        availableBytes: 10,
      });
      await expect(attempt).rejects.toMatchObject({ code: AttrWalErrorCode.NoSpace });
      expect(await listFiles(dir)).toEqual([]);
    });

    it('refuses attributes that would make attr.json larger than 4 KiB before reading the body', async () => {
      const attempt = attrWal.create({
        fileId: newFileId(),
        body: bodyOf(content),
        attributes: someAttributes({ description: 'x'.repeat(5000) }),
      });
      await expect(attempt).rejects.toMatchObject({ code: AttrWalErrorCode.InvalidAttributes });
      expect(fs.count('openForWrite')).toBe(0);
    });

    it('refuses a file id that is not a canonical UUIDv7', async () => {
      await expect(create('../../etc/passwd')).rejects.toMatchObject({
        code: AttrWalErrorCode.InvalidFileId,
      });
    });

    it('passes the attributes to the hook before the commit, and rolls back when it fails', async () => {
      const fileId = newFileId();
      const seen: string[] = [];
      const attempt = attrWal.create({
        fileId,
        body: bodyOf(content),
        attributes: someAttributes(),
        beforeCommit: (attributes) => {
          seen.push(attributes.sha256);
          return Promise.reject(new Error('redis down'));
        },
      });
      await expect(attempt).rejects.toMatchObject({ code: AttrWalErrorCode.HookFailed });
      expect(seen).toEqual([sha256Of(content)]);
      expect(await listFiles(dir)).toEqual([]);
      expect(await attrWal.readAttributes(fileId)).toBeUndefined();
    });

    it("runs the hook's compensation when the commit record cannot be written", async () => {
      const fileId = newFileId();
      const undone: string[] = [];
      const attempt = attrWal.create({
        fileId,
        body: bodyOf(content),
        attributes: someAttributes(),
        beforeCommit: () => {
          fs.inject({ operation: 'datasync', code: 'EIO', path: '/wal/' });
          return Promise.resolve(() => {
            undone.push(fileId);
            return Promise.resolve();
          });
        },
      });
      await expect(attempt).rejects.toMatchObject({ code: AttrWalErrorCode.IoFailure });
      expect(undone).toEqual([fileId]);
      expect(await listFiles(dir)).toEqual([]);
      expect(attrWal.healthy).toBe(false);
    });
  });

  describe('updateAttributes', () => {
    it('applies the patch, bumps the version and updated_at', async () => {
      const fileId = newFileId();
      await create(fileId);
      const later = new Date(NOW.getTime() + 60_000);
      const reopened = await AttrWal.open({ dataDir: dir, storageElementId: 'se-01', now: () => later });
      const updated = await reopened.updateAttributes(fileId, { description: 'new', tags: ['a', 'b'] });
      await reopened.close();
      expect(updated).toMatchObject({
        description: 'new',
        tags: ['a', 'b'],
        version: 2,
        updated_at: later.toISOString(),
      });
      expect(updated.created_at).toBe(NOW.toISOString());
      expect(await attrWal.readAttributes(fileId)).toEqual(updated);
    });

    it('answers not_found for an unknown id', async () => {
      await expect(attrWal.updateAttributes(newFileId(), {})).rejects.toMatchObject({
        code: AttrWalErrorCode.NotFound,
      });
    });

    it('restores the previous attributes when the hook fails', async () => {
      const fileId = newFileId();
      const { attributes } = await create(fileId);
      const attempt = attrWal.updateAttributes(fileId, { description: 'new' }, () =>
        Promise.reject(new Error('publish failed')),
      );
      await expect(attempt).rejects.toMatchObject({ code: AttrWalErrorCode.HookFailed });
      expect(await attrWal.readAttributes(fileId)).toEqual(attributes);
    });
  });

  describe('delete', () => {
    it('removes the file and its attributes and returns what they were', async () => {
      const fileId = newFileId();
      const { attributes } = await create(fileId);
      await expect(attrWal.delete(fileId)).resolves.toEqual(attributes);
      expect(await listFiles(dir)).toEqual([]);
    });

    it('brings the file back when the hook fails', async () => {
      const fileId = newFileId();
      const { attributes } = await create(fileId);
      const attempt = attrWal.delete(fileId, () => Promise.reject(new Error('cache down')));
      await expect(attempt).rejects.toMatchObject({ code: AttrWalErrorCode.HookFailed });
      expect(await attrWal.readAttributes(fileId)).toEqual(attributes);
      expect(await readFile(pathsFor(dir, fileId).data)).toEqual(content);
      expect(await listFiles(dir)).toHaveLength(2);
    });

    it('answers not_found for an unknown id', async () => {
      await expect(attrWal.delete(newFileId())).rejects.toBeInstanceOf(AttrWalError);
    });
  });

  describe('concurrency', () => {
    it('serializes transactions on the same file id', async () => {
      const fileId = newFileId();
      await create(fileId);
      const updates = await Promise.all(
        Array.from({ length: 10 }, (_, i) => attrWal.updateAttributes(fileId, { description: `d${i}` })),
      );
      expect(updates.map((update) => update.version).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 10 }, (_, i) => i + 2),
      );
      expect((await attrWal.readAttributes(fileId))?.version).toBe(11);
    });

    it('runs different ids in parallel: a stalled hook of one does not block another', async () => {
      let releaseFirst!: () => void;
      const firstStalled = new Promise<void>((resolve) => (releaseFirst = resolve));
      const first = attrWal.create({
        fileId: newFileId(),
        body: bodyOf(content),
        attributes: someAttributes(),
        beforeCommit: () => firstStalled,
      });
      await expect(create(newFileId())).resolves.toMatchObject({ created: true });
      releaseFirst();
      await expect(first).resolves.toMatchObject({ created: true });
    });

    it('keeps a second transaction on the same id waiting until the first finishes', async () => {
      const fileId = newFileId();
      await create(fileId);
      let releaseFirst!: () => void;
      const firstStalled = new Promise<void>((resolve) => (releaseFirst = resolve));
      const first = attrWal.updateAttributes(fileId, { description: 'first' }, () => firstStalled);
      let secondDone = false;
      const second = attrWal.updateAttributes(fileId, { description: 'second' }).then((result) => {
        secondDone = true;
        return result;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(secondDone).toBe(false);
      releaseFirst();
      expect((await first).version).toBe(2);
      expect(await second).toMatchObject({ description: 'second', version: 3 });
    });

    it('lets only one of two racing creates of the same id write', async () => {
      const fileId = newFileId();
      const results = await Promise.all([create(fileId), create(fileId)]);
      expect(results.map((result) => result.created).sort()).toEqual([false, true]);
    });

    it('runs different ids in parallel, sharing WAL fsyncs', async () => {
      const ids = Array.from({ length: 8 }, () => newFileId());
      await Promise.all(ids.map((fileId) => create(fileId)));
      // 8 creates × (intent + commit) in fewer fdatasyncs than records: group commit at work.
      expect(fs.count('datasync', '/wal/')).toBeLessThan(16);
      for (const fileId of ids) {
        expect((await attrWal.readAttributes(fileId))?.sha256).toBe(sha256Of(content));
      }
    });
  });
});
