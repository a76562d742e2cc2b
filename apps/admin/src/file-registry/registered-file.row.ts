import type { FileMetadata, RetentionPolicy } from '@artstore/contracts';

/** A `registered_files` row as pg returns it (bigint as text, timestamps as Date). */
export interface FileRow {
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

export const FILE_COLUMNS = `file_id, original_filename, content_type, size_bytes, sha256, storage_element_id, created_at,
  updated_at, uploaded_by, retention_policy, ttl_expires_at, description, tags, metadata, version`;

/** Fields in SPEC §7's order: the published JSON reads the same for every event. */
export function toFileMetadata(row: FileRow): FileMetadata {
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

export function fileValues(file: FileMetadata): unknown[] {
  return [
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
  ];
}
