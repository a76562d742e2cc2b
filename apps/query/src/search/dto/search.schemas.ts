import { z } from 'zod';
import { RETENTION_POLICIES } from '@artstore/contracts';
import { SORT_FIELDS, type SearchRequest } from '../search-request';

/** Canonical lowercase UUID: PostgreSQL answers uuids in lowercase, so ids compare as strings. */
export const fileIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lowercase UUID');

export const SEARCH_LIMIT = { min: 1, max: 1_000, default: 100 } as const;

const LIMIT = `must be an integer from ${SEARCH_LIMIT.min} to ${SEARCH_LIMIT.max}`;
const ONCE = 'must be given once';
const MAX_METADATA_KEYS = 20;

// PostgreSQL text cannot hold U+0000: refused here rather than failing in the database.
const text = (max: number) =>
  z
    .string({ error: ONCE })
    .min(1, 'must not be empty')
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
const timestamp = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 timestamp with a time zone' })
  .transform((value) => new Date(value).toISOString());
const size = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Every field but `tags`, `metadata`, `min_size`, `max_size` and `limit`, which differ in shape by transport. */
const commonFields = {
  query: text(1_000).optional(),
  filename: text(4_096).optional(),
  filename_match: z.enum(['exact', 'prefix', 'contains']).optional(),
  content_type: text(255).optional(),
  extension: z
    .string({ error: ONCE })
    .regex(/^\.?[A-Za-z0-9][A-Za-z0-9._+-]{0,31}$/, 'must be a file extension such as pdf or .tar.gz')
    .transform((value) => value.replace(/^\./, '').toLowerCase())
    .optional(),
  uploaded_by: text(256).optional(),
  created_after: z.string({ error: ONCE }).pipe(timestamp).optional(),
  created_before: z.string({ error: ONCE }).pipe(timestamp).optional(),
  retention_policy: z.enum(RETENTION_POLICIES, { error: 'must be temporary or permanent' }).optional(),
  storage_element_id: z
    .string({ error: ONCE })
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'is not a storage element id')
    .optional(),
  sort_by: z.enum(SORT_FIELDS, { error: `must be one of ${SORT_FIELDS.join(', ')}` }).optional(),
  sort_order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).optional(),
  cursor: z.string({ error: ONCE }).min(1).max(2_000).optional(),
};

type ParsedFields = z.infer<z.ZodObject<typeof commonFields>> & {
  tags: string[];
  metadata: { key: string; anyOf: unknown[] }[];
  min_size?: number | undefined;
  max_size?: number | undefined;
  limit: number;
};

/** Defaults and the rules that tie fields together, shared by both transports. */
function toSearchRequest(fields: ParsedFields, context: z.RefinementCtx): SearchRequest {
  if (fields.filename_match !== undefined && fields.filename === undefined) {
    context.addIssue({ code: 'custom', path: ['filename_match'], message: 'needs filename' });
  }
  if (fields.sort_by === 'relevance' && fields.query === undefined) {
    context.addIssue({ code: 'custom', path: ['sort_by'], message: 'relevance needs query' });
  }
  if (fields.min_size !== undefined && fields.max_size !== undefined && fields.min_size > fields.max_size) {
    context.addIssue({ code: 'custom', path: ['min_size'], message: 'must not exceed max_size' });
  }
  const sortBy = fields.sort_by ?? (fields.query === undefined ? 'created_at' : 'relevance');
  return {
    ...fields,
    filename_match: fields.filename_match ?? 'exact',
    sort_by: sortBy,
    sort_order: fields.sort_order ?? (sortBy === 'filename' ? 'asc' : 'desc'),
  };
}

const metadataKey = z.string().min(1).max(256);

/** `POST /api/v1/search`: a JSON body; unknown fields are refused so that a typo never widens a search. */
export const searchBodySchema = z
  .strictObject({
    ...commonFields,
    tags: z.array(text(256)).max(100).default([]),
    metadata: z
      .record(metadataKey, z.unknown())
      .refine((value) => Object.keys(value).length <= MAX_METADATA_KEYS, `at most ${MAX_METADATA_KEYS} keys`)
      .refine((value) => !JSON.stringify(value).includes('\\u0000'), 'must not contain NUL characters')
      .default({})
      .transform((value) => Object.entries(value).map(([key, wanted]) => ({ key, anyOf: [wanted] }))),
    min_size: size.optional(),
    max_size: size.optional(),
    limit: z
      .number({ error: LIMIT })
      .int(LIMIT)
      .min(SEARCH_LIMIT.min, LIMIT)
      .max(SEARCH_LIMIT.max, LIMIT)
      .default(SEARCH_LIMIT.default),
  })
  .transform(toSearchRequest);

const querySize = z
  .string({ error: ONCE })
  .regex(/^[0-9]{1,15}$/, 'must be a non-negative integer')
  .transform(Number);

/** `GET /api/v1/files`: the same filters as query parameters. */
export const searchQuerySchema = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .transform((raw) => splitMetadataParameters(raw))
  .pipe(
    z
      .strictObject({
        ...commonFields,
        tags: z
          .union([z.string(), z.array(z.string())])
          .transform((value) =>
            (Array.isArray(value) ? value : [value])
              .flatMap((entry) => entry.split(','))
              .map((tag) => tag.trim())
              .filter((tag) => tag.length > 0),
          )
          .pipe(z.array(text(256)).max(100))
          .default([]),
        metadata: z
          .array(z.object({ key: metadataKey, anyOf: z.array(z.unknown()).min(1, ONCE) }))
          .max(MAX_METADATA_KEYS, `at most ${MAX_METADATA_KEYS} metadata.<key> parameters`),
        min_size: querySize.optional(),
        max_size: querySize.optional(),
        limit: z
          .string({ error: ONCE })
          .regex(/^[0-9]{1,4}$/, LIMIT)
          .transform(Number)
          .refine((limit) => limit >= SEARCH_LIMIT.min && limit <= SEARCH_LIMIT.max, LIMIT)
          .default(SEARCH_LIMIT.default),
      })
      .transform(toSearchRequest),
  );

/**
 * `metadata.<key>=<value>` parameters become one filter each. A query string carries only text, so
 * `3`, `true` or `null` also match the JSON number, boolean or null.
 */
function splitMetadataParameters(raw: Record<string, string | string[]>): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  const metadata: { key: string; anyOf: unknown[] }[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (!name.startsWith('metadata.')) {
      // A bare `metadata` is not a filter: kept under a name the strict schema refuses.
      rest[name === 'metadata' ? 'metadata (use metadata.<key>=<value>)' : name] = value;
      continue;
    }
    // Repeated: left as an array, which the key schema below refuses.
    const key = name.slice('metadata.'.length);
    metadata.push({ key, anyOf: typeof value === 'string' ? literalsOf(value) : [] });
  }
  return { ...rest, metadata };
}

function literalsOf(value: string): unknown[] {
  if (/^(true|false|null|-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,15})?)$/.test(value)) {
    return [value, JSON.parse(value)];
  }
  return [value];
}
