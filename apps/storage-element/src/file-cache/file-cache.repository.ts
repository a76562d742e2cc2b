import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AttrJson } from '@artstore/contracts';
import { returnedRows } from '@artstore/platform';

export interface FileCachePage {
  items: AttrJson[];
  /** The last id of this page when more may follow; pass it as `afterFileId`. */
  nextAfterFileId: string | null;
}

export interface FileCacheUsage {
  usedBytes: number;
  fileCount: number;
}

/** The cached version and checksum of one file, for drift reports. */
export interface CachedFileSummary {
  fileId: string;
  version: number;
  sha256: string;
}

const COLUMNS = `file_id, original_filename, content_type, size_bytes, sha256, created_at, updated_at,
  uploaded_by, retention_policy, ttl_expires_at, description, tags, metadata, version, saga_id, attr`;
const COLUMN_COUNT = 16;
const UPSERT_ASSIGNMENTS = COLUMNS.split(',')
  .map((column) => column.trim())
  .filter((column) => column !== 'file_id')
  .map((column) => `${column} = EXCLUDED.${column}`)
  .join(', ');

/** Bound parameters of one row, in `COLUMNS` order. */
function rowParameters(attr: AttrJson): unknown[] {
  return [
    attr.file_id,
    attr.original_filename,
    attr.content_type,
    attr.size_bytes,
    attr.sha256,
    attr.created_at,
    attr.updated_at,
    attr.uploaded_by,
    attr.retention_policy,
    attr.ttl_expires_at,
    attr.description,
    attr.tags,
    JSON.stringify(attr.metadata),
    attr.version,
    attr.saga_id,
    JSON.stringify(attr),
  ];
}

function placeholders(rowCount: number): string {
  const rows: string[] = [];
  for (let row = 0; row < rowCount; row += 1) {
    const first = row * COLUMN_COUNT;
    rows.push(
      `(${Array.from({ length: COLUMN_COUNT }, (_unused, column) => `$${first + column + 1}`).join(', ')})`,
    );
  }
  return rows.join(', ');
}

/** The element's `files` table: a cache of attr.json documents, rebuilt from them at will. */
@Injectable()
export class FileCacheRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<Result>(work: (manager: EntityManager) => Promise<Result>): Promise<Result> {
    return this.dataSource.transaction(work);
  }

  /** Stores the document unless the cache already holds a newer version; true when it was stored. */
  async upsert(attr: AttrJson, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: { file_id: string }[] = await manager.query(
      `INSERT INTO files (${COLUMNS}) VALUES ${placeholders(1)}
       ON CONFLICT (file_id) DO UPDATE SET ${UPSERT_ASSIGNMENTS} WHERE files.version <= EXCLUDED.version
       RETURNING file_id`,
      rowParameters(attr),
    );
    return rows.length > 0;
  }

  /** Stores the document whatever version the cache holds: the disk said so (recovery, repair). */
  async replace(attr: AttrJson, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO files (${COLUMNS}) VALUES ${placeholders(1)}
       ON CONFLICT (file_id) DO UPDATE SET ${UPSERT_ASSIGNMENTS}`,
      rowParameters(attr),
    );
  }

  /** Inserts new rows (no conflict handling: for filling an emptied table). */
  async insertMany(manager: EntityManager, documents: readonly AttrJson[]): Promise<void> {
    if (documents.length === 0) {
      return;
    }
    await manager.query(
      `INSERT INTO files (${COLUMNS}) VALUES ${placeholders(documents.length)}`,
      documents.flatMap(rowParameters),
    );
  }

  /** True when a row was removed. */
  async remove(fileId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result: unknown = await manager.query(`DELETE FROM files WHERE file_id = $1 RETURNING file_id`, [
      fileId,
    ]);
    return returnedRows(result).length > 0;
  }

  async find(fileId: string): Promise<AttrJson | undefined> {
    const rows: { attr: AttrJson }[] = await this.dataSource.query(
      `SELECT attr FROM files WHERE file_id = $1`,
      [fileId],
    );
    return rows[0]?.attr;
  }

  /** Keyset pages in file id order (UUIDv7: creation order). */
  async list(options: { limit: number; afterFileId?: string | null }): Promise<FileCachePage> {
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new RangeError('limit must be a positive integer');
    }
    const rows: { attr: AttrJson }[] = await this.dataSource.query(
      `SELECT attr FROM files WHERE ($1::uuid IS NULL OR file_id > $1::uuid) ORDER BY file_id LIMIT $2`,
      [options.afterFileId ?? null, options.limit + 1],
    );
    const items = rows.slice(0, options.limit).map((row) => row.attr);
    const more = rows.length > options.limit;
    return { items, nextAfterFileId: more ? (items.at(-1)?.file_id ?? null) : null };
  }

  /** Version and checksum of every row, in id order, a page at a time. */
  async summaries(options: { limit: number; afterFileId?: string | null }): Promise<CachedFileSummary[]> {
    const rows: { file_id: string; version: number; sha256: string }[] = await this.dataSource.query(
      `SELECT file_id, version, sha256 FROM files
       WHERE ($1::uuid IS NULL OR file_id > $1::uuid) ORDER BY file_id LIMIT $2`,
      [options.afterFileId ?? null, options.limit],
    );
    return rows.map((row) => ({ fileId: row.file_id, version: row.version, sha256: row.sha256 }));
  }

  /** From the trigger-kept `files_usage` row: one row read, whatever the number of files. */
  async usage(): Promise<FileCacheUsage> {
    const rows: { used_bytes: string; file_count: string }[] = await this.dataSource.query(
      `SELECT used_bytes::text, file_count::text FROM files_usage`,
    );
    const row = rows[0];
    return { usedBytes: Number(row?.used_bytes ?? 0), fileCount: Number(row?.file_count ?? 0) };
  }

  async truncate(manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`TRUNCATE files`);
  }

  /**
   * Empties the table for a rebuild inside `manager`'s transaction. Unlike TRUNCATE (an ACCESS
   * EXCLUSIVE lock), this lock makes writers and other rebuilds wait for the commit while readers
   * (`/info`, listings) keep seeing the previous rows.
   */
  async clearForRebuild(manager: EntityManager): Promise<void> {
    await manager.query(`LOCK TABLE files IN SHARE ROW EXCLUSIVE MODE`);
    await manager.query(`DELETE FROM files`);
  }
}
