import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FileMetadata } from '@artstore/contracts';
import { returnedRows } from '@artstore/platform';
import type { IndexableFileEvent } from '../file-events/file-event';
import { INDEXED_FILE_COLUMNS, toFileMetadata, type IndexedFileRow } from './indexed-file.row';

/** What the index holds for one file; `changeSeq` orders cache writes (higher is newer). */
export type IndexedFileState =
  | { kind: 'live'; file: FileMetadata; changeSeq: string }
  | { kind: 'deleted'; changeSeq: string }
  | { kind: 'unknown' };

/*
 * Each event is one statement, idempotent by (version, occurred_at): a duplicate, an older replay or an
 * out-of-order event changes nothing. The occurred_at tiebreak lets a file the admin re-registers at the
 * same version after a delete (reconcile restoring it) come back, while a replay of its old create
 * (older occurred_at) stays out.
 */
const UPSERT = `
  INSERT INTO indexed_files AS f (file_id, original_filename, content_type, size_bytes, sha256,
    storage_element_id, created_at, updated_at, uploaded_by, retention_policy, ttl_expires_at, description,
    tags, metadata, version, event_occurred_at)
  SELECT $1::uuid, $2::text, $3::text, $4::bigint, $5::text, $6::text, $7::timestamptz, $8::timestamptz,
    $9::text, $10::text, $11::timestamptz, $12::text, $13::text[], $14::jsonb, $15::int, $16::timestamptz
  WHERE NOT EXISTS (
    SELECT 1 FROM deleted_files d
    WHERE d.file_id = $1::uuid AND (d.version, d.event_occurred_at) >= ($15::int, $16::timestamptz))
  ON CONFLICT (file_id) DO UPDATE SET original_filename = EXCLUDED.original_filename,
    content_type = EXCLUDED.content_type, size_bytes = EXCLUDED.size_bytes, sha256 = EXCLUDED.sha256,
    storage_element_id = EXCLUDED.storage_element_id, created_at = EXCLUDED.created_at,
    updated_at = EXCLUDED.updated_at, uploaded_by = EXCLUDED.uploaded_by,
    retention_policy = EXCLUDED.retention_policy, ttl_expires_at = EXCLUDED.ttl_expires_at,
    description = EXCLUDED.description, tags = EXCLUDED.tags, metadata = EXCLUDED.metadata,
    version = EXCLUDED.version, event_occurred_at = EXCLUDED.event_occurred_at,
    change_seq = nextval('file_index_change_seq')
  WHERE (f.version, f.event_occurred_at) < (EXCLUDED.version, EXCLUDED.event_occurred_at)
  RETURNING f.file_id`;

// The tombstone keeps the newest deletion; the row goes only if it is not newer than the deletion.
const DELETE = `
  WITH tombstone AS (
    INSERT INTO deleted_files AS d (file_id, version, event_occurred_at) VALUES ($1::uuid, $2::int, $3::timestamptz)
    ON CONFLICT (file_id) DO UPDATE SET version = EXCLUDED.version,
      event_occurred_at = EXCLUDED.event_occurred_at, change_seq = nextval('file_index_change_seq')
    WHERE (d.version, d.event_occurred_at) < (EXCLUDED.version, EXCLUDED.event_occurred_at)
    RETURNING d.file_id
  ), removed AS (
    DELETE FROM indexed_files f
    WHERE f.file_id = $1::uuid AND (f.version, f.event_occurred_at) <= ($2::int, $3::timestamptz)
    RETURNING f.file_id
  )
  SELECT (SELECT count(*) FROM tombstone)::int + (SELECT count(*) FROM removed)::int AS changed`;

/** The `indexed_files` and `deleted_files` tables. */
@Injectable()
export class FileIndexRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** True when the event changed the index, false when it was a duplicate or older than what is stored. */
  async apply(event: IndexableFileEvent): Promise<boolean> {
    if (event.type === 'file.deleted') {
      const rows: { changed: number }[] = await this.dataSource.query(DELETE, [
        event.fileId,
        event.version,
        event.occurredAt,
      ]);
      return (rows[0]?.changed ?? 0) > 0;
    }
    const { file } = event;
    const result: unknown = await this.dataSource.query(UPSERT, [
      file.file_id,
      file.original_filename,
      file.content_type,
      file.size_bytes,
      file.sha256,
      file.storage_element_id,
      file.created_at,
      file.updated_at,
      file.uploaded_by,
      file.retention_policy,
      file.ttl_expires_at,
      file.description,
      file.tags,
      JSON.stringify(file.metadata),
      file.version,
      event.occurredAt,
    ]);
    return returnedRows(result).length > 0;
  }

  async state(fileId: string): Promise<IndexedFileState> {
    const live: (IndexedFileRow & { change_seq: string })[] = await this.dataSource.query(
      `SELECT ${INDEXED_FILE_COLUMNS}, f.change_seq FROM indexed_files f WHERE f.file_id = $1`,
      [fileId],
    );
    if (live[0]) {
      return { kind: 'live', file: toFileMetadata(live[0]), changeSeq: live[0].change_seq };
    }
    const deleted: { change_seq: string }[] = await this.dataSource.query(
      `SELECT change_seq FROM deleted_files WHERE file_id = $1`,
      [fileId],
    );
    return deleted[0] ? { kind: 'deleted', changeSeq: deleted[0].change_seq } : { kind: 'unknown' };
  }
}
