export const RETENTION_POLICIES = ['temporary', 'permanent'] as const;
export type RetentionPolicy = (typeof RETENTION_POLICIES)[number];

/** A file as every API and event describes it: attr.json's field names (SPEC section 7). */
export interface FileMetadata {
  file_id: string;
  original_filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_element_id: string;
  created_at: string;
  updated_at: string;
  uploaded_by: string;
  retention_policy: RetentionPolicy;
  ttl_expires_at: string | null;
  description: string;
  tags: string[];
  metadata: Record<string, unknown>;
  version: number;
}

/** The on-disk `<file_id>.attr.json`, the source of truth (SPEC section 4). */
export interface AttrJson extends FileMetadata {
  schema_version: number;
  saga_id: string | null;
}

export const FILE_EVENT_TYPES = ['file.created', 'file.updated', 'file.deleted'] as const;
export type FileEventType = (typeof FILE_EVENT_TYPES)[number];

/** An entry of the Redis stream `artstore:file-events`. */
export interface FileEvent {
  type: FileEventType;
  file_id: string;
  version: number;
  occurred_at: string;
  file: FileMetadata;
}

export const FILE_EVENTS_STREAM = 'artstore:file-events';

/** Every list endpoint answers with a page and an opaque cursor for the next one. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
  total?: number;
}

/** What a client chooses about a new file (the `Artstore-Attributes` header plus its type). */
export interface NewFileAttributes {
  original_filename: string;
  content_type: string;
  uploaded_by: string;
  retention_policy: RetentionPolicy;
  ttl_expires_at: string | null;
  description: string;
  tags: string[];
  metadata: Record<string, unknown>;
  saga_id: string | null;
}

/** The attributes `PATCH /api/v1/files/{id}/attributes` may change; absent fields stay. */
export type FileAttributesPatch = Partial<
  Pick<
    AttrJson,
    | 'original_filename'
    | 'content_type'
    | 'retention_policy'
    | 'ttl_expires_at'
    | 'description'
    | 'tags'
    | 'metadata'
  >
>;
