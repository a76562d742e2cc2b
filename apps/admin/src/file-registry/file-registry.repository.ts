import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FileMetadata, RetentionPolicy } from '@artstore/contracts';
import { returnedRows } from '@artstore/platform';
import type { FileListPosition } from './file-cursor';
import { FILE_COLUMNS, fileValues, toFileMetadata, type FileRow } from './registered-file.row';

export interface FileListFilter {
  storage_element_id?: string;
  retention_policy?: RetentionPolicy;
  uploaded_by?: string;
  expires_before?: string;
  created_after?: string;
  created_before?: string;
}

/** The `registered_files` table; writers pass the transaction's manager. */
@Injectable()
export class FileRegistryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(
    fileId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FileMetadata | undefined> {
    const rows: FileRow[] = await manager.query(
      `SELECT ${FILE_COLUMNS} FROM registered_files WHERE file_id = $1`,
      [fileId],
    );
    return rows[0] && toFileMetadata(rows[0]);
  }

  /** Locks the row until the transaction ends, so concurrent changes of one file queue up in order. */
  async findForUpdate(manager: EntityManager, fileId: string): Promise<FileMetadata | undefined> {
    const rows: FileRow[] = await manager.query(
      `SELECT ${FILE_COLUMNS} FROM registered_files WHERE file_id = $1 FOR UPDATE`,
      [fileId],
    );
    return rows[0] && toFileMetadata(rows[0]);
  }

  /** False when another transaction registered the id first (the caller re-reads and decides again). */
  async insertIfAbsent(manager: EntityManager, file: FileMetadata): Promise<FileMetadata | undefined> {
    const rows: FileRow[] = await manager.query(
      `INSERT INTO registered_files (${FILE_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15)
       ON CONFLICT (file_id) DO NOTHING RETURNING ${FILE_COLUMNS}`,
      fileValues(file),
    );
    return rows[0] && toFileMetadata(rows[0]);
  }

  async replace(manager: EntityManager, file: FileMetadata): Promise<FileMetadata> {
    const result: unknown = await manager.query(
      `UPDATE registered_files SET original_filename = $2, content_type = $3, size_bytes = $4, sha256 = $5,
         storage_element_id = $6, created_at = $7, updated_at = $8, uploaded_by = $9, retention_policy = $10,
         ttl_expires_at = $11, description = $12, tags = $13, metadata = $14::jsonb, version = $15,
         registry_changed_at = now()
       WHERE file_id = $1 RETURNING ${FILE_COLUMNS}`,
      fileValues(file),
    );
    return toFileMetadata(returnedRows<FileRow>(result)[0]);
  }

  async delete(manager: EntityManager, fileId: string): Promise<FileMetadata | undefined> {
    const result: unknown = await manager.query(
      `DELETE FROM registered_files WHERE file_id = $1 RETURNING ${FILE_COLUMNS}`,
      [fileId],
    );
    const row = returnedRows<FileRow>(result)[0];
    return row && toFileMetadata(row);
  }

  /**
   * Deletes the rows among `fileIds` that still claim `elementId` and did not change since `unchangedSince`
   * (a registration racing the reconcile walk wins).
   */
  async deleteUnheld(
    manager: EntityManager,
    elementId: string,
    fileIds: readonly string[],
    unchangedSince: Date,
  ): Promise<FileMetadata[]> {
    const result: unknown = await manager.query(
      `DELETE FROM registered_files
       WHERE file_id = ANY($1::uuid[]) AND storage_element_id = $2 AND registry_changed_at < $3
       RETURNING ${FILE_COLUMNS}`,
      [fileIds, elementId, unchangedSince],
    );
    return returnedRows<FileRow>(result).map(toFileMetadata);
  }

  async list(
    filter: FileListFilter,
    after: FileListPosition | undefined,
    limit: number,
  ): Promise<FileMetadata[]> {
    const rows: FileRow[] = await this.dataSource.query(
      `SELECT ${FILE_COLUMNS} FROM registered_files
       WHERE ($1::text IS NULL OR storage_element_id = $1) AND ($2::text IS NULL OR retention_policy = $2)
         AND ($3::text IS NULL OR uploaded_by = $3) AND ($4::timestamptz IS NULL OR ttl_expires_at < $4)
         AND ($5::timestamptz IS NULL OR created_at >= $5) AND ($6::timestamptz IS NULL OR created_at < $6)
         AND ($7::timestamptz IS NULL OR (created_at, file_id) > ($7::timestamptz, $8::uuid))
       ORDER BY created_at, file_id LIMIT $9`,
      [
        filter.storage_element_id ?? null,
        filter.retention_policy ?? null,
        filter.uploaded_by ?? null,
        filter.expires_before ?? null,
        filter.created_after ?? null,
        filter.created_before ?? null,
        after?.createdAt ?? null,
        after?.fileId ?? null,
        limit,
      ],
    );
    return rows.map(toFileMetadata);
  }
}
