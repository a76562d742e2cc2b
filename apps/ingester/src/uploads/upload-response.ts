import type { FileMetadata, RetentionPolicy } from '@artstore/contracts';

/** The 201 answer of `POST /api/v1/files/upload` (SPEC §6). */
export interface UploadResponse {
  file_id: string;
  original_filename: string;
  size_bytes: number;
  content_type: string;
  sha256: string;
  retention_policy: RetentionPolicy;
  ttl_expires_at: string | null;
  storage_element_id: string;
  created_at: string;
}

/** The answer as the element's attr.json describes the stored file. */
export function uploadResponseOf(file: FileMetadata): UploadResponse {
  return {
    file_id: file.file_id,
    original_filename: file.original_filename,
    size_bytes: file.size_bytes,
    content_type: file.content_type,
    sha256: file.sha256,
    retention_policy: file.retention_policy,
    ttl_expires_at: file.ttl_expires_at,
    storage_element_id: file.storage_element_id,
    created_at: file.created_at,
  };
}
