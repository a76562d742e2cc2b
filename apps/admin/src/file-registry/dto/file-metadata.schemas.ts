import { z } from 'zod';
import { RETENTION_POLICIES } from '@artstore/contracts';
import { elementIdSchema } from '../../storage-elements/dto/storage-element.schemas';

/** Canonical lowercase UUID: PostgreSQL answers uuids in lowercase, so ids compare as strings. */
export const fileIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lowercase UUID');

const noNul = (value: unknown): boolean => !JSON.stringify(value).includes('\\u0000');
// PostgreSQL text and jsonb cannot hold U+0000; the limits are the storage element's.
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

/** Stored and compared in one form (UTC, milliseconds), so a retry with `+00:00` is still the same content. */
const timestamp = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 timestamp with a time zone' })
  .transform((value) => new Date(value).toISOString());

/** A FileMetadata (SPEC §7) as `PUT /api/v1/files/{id}` takes it: every field, nothing else. */
export const fileMetadataSchema = z.strictObject({
  file_id: fileIdSchema,
  original_filename: text(4096).min(1, 'must not be empty'),
  content_type: text(255).min(1, 'must not be empty'),
  size_bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
  storage_element_id: elementIdSchema,
  created_at: timestamp,
  updated_at: timestamp,
  uploaded_by: text(256).min(1, 'must not be empty'),
  retention_policy: z.enum(RETENTION_POLICIES),
  ttl_expires_at: timestamp.nullable(),
  description: text(4096),
  tags: z.array(text(256).min(1, 'must not be empty')).max(100),
  metadata: z.record(z.string(), z.unknown()).refine(noNul, 'must not contain NUL characters'),
  version: z.number().int().min(1).max(2_147_483_647),
});

export const FILE_PAGE_LIMIT = { min: 1, max: 1_000, default: 100 } as const;

// Repeated query parameters arrive as arrays; each filter takes exactly one value.
const ONCE = 'must be given once';
const LIMIT = `must be an integer from ${FILE_PAGE_LIMIT.min} to ${FILE_PAGE_LIMIT.max}`;
const queryText = z.string({ error: ONCE }).min(1, 'must not be empty').max(256);
const queryTimestamp = z.string({ error: ONCE }).pipe(timestamp);

/** `GET /api/v1/files` query; unknown parameters are refused so that a typo never widens a listing. */
export const listFilesQuerySchema = z.strictObject({
  storage_element_id: z.string({ error: ONCE }).pipe(elementIdSchema).optional(),
  retention_policy: z.enum(RETENTION_POLICIES, { error: 'must be temporary or permanent' }).optional(),
  uploaded_by: queryText.optional(),
  expires_before: queryTimestamp.optional(),
  created_after: queryTimestamp.optional(),
  created_before: queryTimestamp.optional(),
  limit: z
    .string({ error: ONCE })
    .regex(/^[0-9]{1,4}$/, LIMIT)
    .transform(Number)
    .refine((limit) => limit >= FILE_PAGE_LIMIT.min && limit <= FILE_PAGE_LIMIT.max, LIMIT)
    .default(FILE_PAGE_LIMIT.default),
  cursor: z.string({ error: ONCE }).min(1).optional(),
});
export type ListFilesQuery = z.infer<typeof listFilesQuerySchema>;

/** `POST /api/v1/maintenance/reconcile`: every element, or the one named. */
/** `{element_id?}` walks every element (or one); `{file_id}` repairs one file. Not both. */
export const reconcileRequestSchema = z
  .union([
    z.strictObject({ element_id: elementIdSchema.optional() }),
    z.strictObject({ file_id: fileIdSchema }),
  ])
  .optional();
