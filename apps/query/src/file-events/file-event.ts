import { z } from 'zod';
import {
  FILE_EVENT_TYPES,
  RETENTION_POLICIES,
  type FileEventType,
  type FileMetadata,
} from '@artstore/contracts';

/** A stream entry the consumer can apply. */
export interface IndexableFileEvent {
  type: FileEventType;
  fileId: string;
  version: number;
  occurredAt: string;
  file: FileMetadata;
}

const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// PostgreSQL text and jsonb cannot hold U+0000; such an event could never be indexed.
const text = z.string().refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
const timestamp = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

const fileSchema = z.object({
  file_id: z.string().regex(FILE_ID),
  original_filename: text,
  content_type: text,
  size_bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  sha256: text,
  storage_element_id: text,
  created_at: timestamp,
  updated_at: timestamp,
  uploaded_by: text,
  retention_policy: z.enum(RETENTION_POLICIES),
  ttl_expires_at: timestamp.nullable(),
  description: text,
  tags: z.array(text),
  metadata: z
    .record(z.string(), z.unknown())
    .refine((value) => !JSON.stringify(value).includes('\\u0000'), 'must not contain NUL characters'),
  version: z.number().int().min(1).max(2_147_483_647),
});

const fieldsSchema = z.object({
  type: z.enum(FILE_EVENT_TYPES),
  file_id: z.string().regex(FILE_ID),
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/)
    .transform(Number),
  occurred_at: timestamp,
  file: z.string(),
});

/** Field/value pairs as XREADGROUP returns them, into an object (the last value of a repeated field wins). */
export function streamFields(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) {
    fields[flat[index]] = flat[index + 1];
  }
  return fields;
}

/**
 * The admin's entry format (docs/file-registry.md); undefined for an entry that is not one, which the
 * consumer acknowledges and counts instead of retrying forever.
 */
export function parseFileEvent(fields: Record<string, string>): IndexableFileEvent | undefined {
  const envelope = fieldsSchema.safeParse(fields);
  if (!envelope.success) {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(envelope.data.file);
  } catch {
    return undefined;
  }
  const file = fileSchema.safeParse(json);
  if (
    !file.success ||
    file.data.file_id !== envelope.data.file_id ||
    file.data.version !== envelope.data.version
  ) {
    return undefined;
  }
  return {
    type: envelope.data.type,
    fileId: envelope.data.file_id,
    version: envelope.data.version,
    occurredAt: envelope.data.occurred_at,
    file: file.data,
  };
}
