import type { FileMetadata, RetentionPolicy } from '@artstore/contracts';

/** An `indexed_files` row as pg returns it (bigint as text, timestamps as Date). */
export interface IndexedFileRow {
  file_id: string;
  original_filename: string;
  content_type: string;
  size_bytes: string;
  sha256: string;
  storage_element_id: string;
  created_at: Date;
  updated_at: Date;
  uploaded_by: string;
  retention_policy: RetentionPolicy;
  ttl_expires_at: Date | null;
  description: string;
  tags: string[];
  metadata: Record<string, unknown>;
  version: number;
}

/** Qualified by the table's alias `f`, so search queries can join or compute beside them. */
export const INDEXED_FILE_COLUMNS = `f.file_id, f.original_filename, f.content_type, f.size_bytes, f.sha256,
  f.storage_element_id, f.created_at, f.updated_at, f.uploaded_by, f.retention_policy, f.ttl_expires_at,
  f.description, f.tags, f.metadata, f.version`;

/** Fields in SPEC §7's order, as every API answers them. */
export function toFileMetadata(row: IndexedFileRow): FileMetadata {
  return {
    file_id: row.file_id,
    original_filename: row.original_filename,
    content_type: row.content_type,
    size_bytes: Number(row.size_bytes),
    sha256: row.sha256,
    storage_element_id: row.storage_element_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    uploaded_by: row.uploaded_by,
    retention_policy: row.retention_policy,
    ttl_expires_at: row.ttl_expires_at?.toISOString() ?? null,
    description: row.description,
    tags: row.tags,
    metadata: row.metadata,
    version: row.version,
  };
}
