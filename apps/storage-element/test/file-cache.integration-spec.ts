import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { AttrWal, NodeFileSystem, newFileId, pathsFor } from '@artstore/attr-wal';
import type { AttrJson, NewFileAttributes } from '@artstore/contracts';
import { createTestDatabase, type TestDatabase } from '@artstore/testing';
import { CacheElementUsage } from '../src/file-cache/cache-element-usage';
import { consistencyReport } from '../src/file-cache/consistency-report';
import { FileCacheRepository } from '../src/file-cache/file-cache.repository';
import { rebuildCacheFromFiles } from '../src/file-cache/rebuild-cache-from-files';
import { storageElementMigrations } from '../src/migrations';

const someAttributes = (overrides: Partial<NewFileAttributes> = {}): NewFileAttributes => ({
  original_filename: 'scan.tiff',
  content_type: 'image/tiff',
  uploaded_by: 'ingester',
  retention_policy: 'permanent',
  ttl_expires_at: null,
  description: 'a scan',
  tags: ['scan', 'archive'],
  metadata: { dpi: 600, nested: { ok: true } },
  saga_id: null,
  ...overrides,
});

describe(FileCacheRepository.name, () => {
  const fileSystem = new NodeFileSystem();
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: FileCacheRepository;
  let dataDir: string;
  let attrWal: AttrWal;

  const storeFile = async (
    body: Buffer,
    attributes: Partial<NewFileAttributes> = {},
    at?: Date,
  ): Promise<AttrJson> => {
    const result = await attrWal.create({
      fileId: newFileId(at),
      body: Readable.from([body]),
      attributes: someAttributes(attributes),
    });
    return result.attributes;
  };
  const allRows = async (): Promise<unknown[]> => dataSource.query(`SELECT * FROM files ORDER BY file_id`);
  const cachedDocuments = async (): Promise<AttrJson[]> =>
    (await dataSource.query<{ attr: AttrJson }[]>(`SELECT attr FROM files ORDER BY file_id`)).map(
      (row) => row.attr,
    );
  const byId = (documents: AttrJson[]): AttrJson[] =>
    [...documents].sort((a, b) => (a.file_id < b.file_id ? -1 : 1));

  beforeAll(async () => {
    database = await createTestDatabase('se_file_cache');
    dataSource = await new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: storageElementMigrations,
    }).initialize();
    await dataSource.runMigrations();
    repository = new FileCacheRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'artstore-se-file-cache-'));
    attrWal = await AttrWal.open({ dataDir, storageElementId: 'se-test' });
    await repository.truncate();
  });
  afterEach(async () => {
    await attrWal.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('rebuildCacheFromFiles', () => {
    it('fills the cache with exactly the attr.json documents', async () => {
      const stored = [
        await storeFile(Buffer.from('first'), {}, new Date('2025-01-02T03:04:05.678Z')),
        await storeFile(Buffer.alloc(2048, 1), { tags: [], metadata: {}, saga_id: newFileId() }),
        await storeFile(Buffer.alloc(0), {
          retention_policy: 'temporary',
          ttl_expires_at: '2030-01-01T00:00:00.000Z',
          original_filename: 'квитанция "1".pdf',
        }),
      ];
      const updated = await attrWal.updateAttributes(stored[0].file_id, { description: 'updated' });

      const report = await rebuildCacheFromFiles(fileSystem, dataDir, repository);

      const expected = byId([updated, stored[1], stored[2]]);
      expect(report).toMatchObject({ files: 3, bytes: 5 + 2048, skipped: { count: 0 } });
      expect(await cachedDocuments()).toEqual(expected);
      for (const attr of expected) {
        expect(await repository.find(attr.file_id)).toEqual(attr);
      }
      const [row] = await dataSource.query<Record<string, unknown>[]>(
        `SELECT original_filename, size_bytes::integer AS size_bytes, sha256, version, tags, metadata,
                created_at = $2::timestamptz AND updated_at = $3::timestamptz AS times_match
         FROM files WHERE file_id = $1`,
        [updated.file_id, updated.created_at, updated.updated_at],
      );
      expect(row).toEqual({
        original_filename: updated.original_filename,
        size_bytes: 5,
        sha256: updated.sha256,
        version: 2,
        tags: updated.tags,
        metadata: updated.metadata,
        times_match: true,
      });
    });

    it('rebuilds an emptied table to exactly the same rows', async () => {
      for (let index = 0; index < 5; index += 1) {
        await storeFile(Buffer.from(`file ${index}`), { tags: [`t${index}`] });
      }
      await rebuildCacheFromFiles(fileSystem, dataDir, repository);
      const before = await allRows();

      await dataSource.query(`DELETE FROM files`);
      const report = await rebuildCacheFromFiles(fileSystem, dataDir, repository);

      expect(report.files).toBe(5);
      expect(await allRows()).toEqual(before);
    });

    it('replaces rows the files no longer back and skips broken attr.json files', async () => {
      const kept = await storeFile(Buffer.from('kept'));
      const orphan = await storeFile(Buffer.from('orphan'));
      await repository.upsert(kept);
      await repository.upsert(orphan);
      await attrWal.delete(orphan.file_id);
      const broken = await storeFile(Buffer.from('broken'));
      await writeFile(pathsFor(dataDir, broken.file_id).attributes, '{"file_id":');
      const invalid = await storeFile(Buffer.from('invalid'));
      await writeFile(
        pathsFor(dataDir, invalid.file_id).attributes,
        JSON.stringify({ ...invalid, size_bytes: -1 }),
      );
      const dataless = await storeFile(Buffer.from('no data'));
      await rm(pathsFor(dataDir, dataless.file_id).data);

      const report = await rebuildCacheFromFiles(fileSystem, dataDir, repository);

      expect(await cachedDocuments()).toEqual([kept]);
      expect(report.files).toBe(1);
      expect(report.skipped.byReason).toEqual({
        unreadable_attributes: 1,
        invalid_attributes: 1,
        missing_data: 1,
      });
      expect(report.skipped.entries).toContainEqual({
        path: pathsFor(dataDir, broken.file_id).attributes,
        reason: 'unreadable_attributes',
      });
    });

    it('lets readers see the previous rows during a rebuild and makes writers wait for its commit', async () => {
      const old = await storeFile(Buffer.from('old'));
      await repository.upsert(old);
      const fresh = await storeFile(Buffer.from('fresh'));
      let upserted = false;
      let pendingUpsert: Promise<boolean> | undefined;

      await repository.transaction(async (manager) => {
        await repository.clearForRebuild(manager);
        expect(await repository.usage()).toEqual({ usedBytes: 3, fileCount: 1 });
        pendingUpsert = repository.upsert(fresh).then((stored) => {
          upserted = true;
          return stored;
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(upserted).toBe(false);
      });

      expect(await pendingUpsert).toBe(true);
      expect(await cachedDocuments()).toEqual([fresh]);
    });

    it('keeps the previous rows when the rebuild fails', async () => {
      const attr = await storeFile(Buffer.from('kept'));
      await repository.upsert(attr);
      const notADirectory = path.join(dataDir, 'not-a-directory');
      await writeFile(notADirectory, 'x');

      await expect(rebuildCacheFromFiles(fileSystem, notADirectory, repository)).rejects.toThrow(/ENOTDIR/);
      expect(await cachedDocuments()).toEqual([attr]);
    });

    it('skips a document PostgreSQL cannot hold instead of failing the rebuild', async () => {
      const attr = await storeFile(Buffer.from('nul'));
      await writeFile(
        pathsFor(dataDir, attr.file_id).attributes,
        JSON.stringify({ ...attr, metadata: { note: 'a\u0000b' } }),
      );

      const report = await rebuildCacheFromFiles(fileSystem, dataDir, repository);

      expect(report.skipped.byReason).toEqual({ invalid_attributes: 1 });
    });
  });

  describe('consistencyReport', () => {
    it('finds missing rows, orphan rows and changed versions', async () => {
      const files = [];
      for (let index = 0; index < 4; index += 1) {
        files.push(await storeFile(Buffer.from(`file ${index}`)));
      }
      await rebuildCacheFromFiles(fileSystem, dataDir, repository);
      expect(await consistencyReport(fileSystem, dataDir, repository)).toMatchObject({
        filesChecked: 4,
        rowsChecked: 4,
        missingFromCache: { count: 0, fileIds: [] },
        orphanRows: { count: 0, fileIds: [] },
        mismatchedRows: { count: 0, fileIds: [] },
      });

      await repository.remove(files[0].file_id);
      await attrWal.delete(files[1].file_id);
      await attrWal.updateAttributes(files[2].file_id, { tags: ['changed'] });
      const report = await consistencyReport(fileSystem, dataDir, repository);

      expect(report).toMatchObject({
        filesChecked: 3,
        rowsChecked: 3,
        missingFromCache: { count: 1, fileIds: [files[0].file_id] },
        orphanRows: { count: 1, fileIds: [files[1].file_id] },
        mismatchedRows: { count: 1, fileIds: [files[2].file_id] },
      });
    });

    it('reports a row whose sha256 differs from the file', async () => {
      const attr = await storeFile(Buffer.from('content'));
      await repository.upsert({ ...attr, sha256: 'f'.repeat(64) });

      const report = await consistencyReport(fileSystem, dataDir, repository);

      expect(report.mismatchedRows).toEqual({ count: 1, fileIds: [attr.file_id] });
    });
  });

  describe('upsert', () => {
    it('refuses an older version and accepts the same or a newer one', async () => {
      const attr = await storeFile(Buffer.from('content'));
      const second = { ...attr, version: 2, description: 'second' };
      expect(await repository.upsert(second)).toBe(true);

      expect(await repository.upsert({ ...attr, description: 'stale' })).toBe(false);
      expect(await repository.find(attr.file_id)).toEqual(second);

      const again = { ...second, tags: ['same version'] };
      expect(await repository.upsert(again)).toBe(true);
      expect(await repository.find(attr.file_id)).toEqual(again);
      expect(await repository.upsert({ ...again, version: 3 })).toBe(true);
      expect((await repository.find(attr.file_id))?.version).toBe(3);
    });
  });

  describe('remove', () => {
    it('removes the row and says whether there was one', async () => {
      const attr = await storeFile(Buffer.from('content'));
      await repository.upsert(attr);

      expect(await repository.remove(attr.file_id)).toBe(true);
      expect(await repository.remove(attr.file_id)).toBe(false);
      expect(await repository.find(attr.file_id)).toBeUndefined();
    });
  });

  describe('list', () => {
    it('returns every file exactly once across keyset pages', async () => {
      const start = Date.parse('2026-01-01T00:00:00.000Z');
      const stored: AttrJson[] = [];
      // Several ids share a millisecond: the cursor must still never skip or repeat one.
      for (let index = 0; index < 23; index += 1) {
        stored.push(await storeFile(Buffer.from([index]), {}, new Date(start + Math.floor(index / 4))));
      }
      await rebuildCacheFromFiles(fileSystem, dataDir, repository);

      const seen: AttrJson[] = [];
      let afterFileId: string | null = null;
      let pages = 0;
      do {
        const page = await repository.list({ limit: 5, afterFileId });
        seen.push(...page.items);
        afterFileId = page.nextAfterFileId;
        pages += 1;
      } while (afterFileId !== null);

      expect(pages).toBe(5);
      expect(seen).toEqual(byId(stored));
    });

    it('ends with a null cursor when the last page is exactly full', async () => {
      await storeFile(Buffer.from('a'));
      await storeFile(Buffer.from('b'));
      await rebuildCacheFromFiles(fileSystem, dataDir, repository);

      const page = await repository.list({ limit: 2 });

      expect(page.items).toHaveLength(2);
      expect(page.nextAfterFileId).toBeNull();
    });
  });

  describe('usage', () => {
    it('sums the sizes and counts the files', async () => {
      expect(await new CacheElementUsage(repository).usage()).toEqual({ usedBytes: 0, fileCount: 0 });
      await storeFile(Buffer.alloc(1000));
      await storeFile(Buffer.alloc(24));
      await rebuildCacheFromFiles(fileSystem, dataDir, repository);
      const big = await storeFile(Buffer.alloc(1));
      await repository.upsert({ ...big, size_bytes: 5_000_000_000 });

      expect(await new CacheElementUsage(repository).usage()).toEqual({
        usedBytes: 5_000_001_024,
        fileCount: 3,
      });
    });

    it('follows size changes, removals, truncation and rebuilds without scanning the table', async () => {
      const usage = () => repository.usage();
      const first = await storeFile(Buffer.alloc(10));
      const second = await storeFile(Buffer.alloc(20));
      await repository.upsert(first);
      await repository.upsert(second);
      expect(await usage()).toEqual({ usedBytes: 30, fileCount: 2 });
      await repository.replace({ ...second, size_bytes: 25 });
      expect(await usage()).toEqual({ usedBytes: 35, fileCount: 2 });
      await repository.remove(first.file_id);
      expect(await usage()).toEqual({ usedBytes: 25, fileCount: 1 });
      await repository.truncate();
      expect(await usage()).toEqual({ usedBytes: 0, fileCount: 0 });
      await rebuildCacheFromFiles(fileSystem, dataDir, repository);
      expect(await usage()).toEqual({ usedBytes: 30, fileCount: 2 });
    });
  });
});
