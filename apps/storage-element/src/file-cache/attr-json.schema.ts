import { RETENTION_POLICIES, type AttrJson } from '@artstore/contracts';
import { isCanonicalUuidV7 } from '@artstore/attr-wal';
import { z } from 'zod';

/** What a readable attr.json must hold before its document may enter the cache. */
const attrJsonSchema = z.object({
  schema_version: z.number().int().positive(),
  file_id: z.string().refine(isCanonicalUuidV7, 'must be a canonical UUIDv7'),
  original_filename: z.string(),
  content_type: z.string(),
  size_bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  storage_element_id: z.string(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  uploaded_by: z.string(),
  retention_policy: z.enum(RETENTION_POLICIES),
  ttl_expires_at: z.iso.datetime().nullable(),
  description: z.string(),
  tags: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
  version: z.number().int().positive(),
  saga_id: z.string().nullable(),
});

/** PostgreSQL's text and jsonb cannot hold U+0000; such a document could never be cached. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') {
    return value.includes('\u0000');
  }
  if (Array.isArray(value)) {
    return value.some(containsNul);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => containsNul(key) || containsNul(item));
  }
  return false;
}

/** The document itself when it is a valid attr.json (unknown extra fields are kept as they are). */
export function parseAttrJson(document: unknown): AttrJson | undefined {
  return attrJsonSchema.safeParse(document).success && !containsNul(document)
    ? (document as AttrJson)
    : undefined;
}
