import { RETENTION_POLICIES, type NewFileAttributes } from '@artstore/contracts';
import { InvalidInputError, parseInput } from '@artstore/platform';
import { z } from 'zod';

const HEADER = 'Artstore-Attributes header';
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;
// type/subtype with optional parameters; anything else is not a media type (RFC 9110 §8.3).
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*;.*)?$/;
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

// PostgreSQL text and jsonb cannot hold U+0000, so no attribute may carry it.
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

const noNul = (value: unknown): boolean => !JSON.stringify(value).includes('\\u0000');

const headerSchema = z
  .object({
    original_filename: text(4096).min(1, 'must not be empty'),
    retention_policy: z.enum(RETENTION_POLICIES),
    ttl_expires_at: z.iso.datetime({ offset: true }).nullable().default(null),
    description: text(4096).default(''),
    tags: z.array(text(256).min(1, 'must not be empty')).max(100).default([]),
    metadata: z.record(z.string(), z.unknown()).default({}).refine(noNul, 'must not contain NUL characters'),
    uploaded_by: text(256).min(1).optional(),
    saga_id: text(256).min(1).nullable().default(null),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.retention_policy === 'temporary' && value.ttl_expires_at === null) {
      context.addIssue({
        code: 'custom',
        path: ['ttl_expires_at'],
        message: 'is required for temporary files',
      });
    }
    if (value.retention_policy === 'permanent' && value.ttl_expires_at !== null) {
      context.addIssue({
        code: 'custom',
        path: ['ttl_expires_at'],
        message: 'must be null for permanent files',
      });
    }
  });

function decodeHeader(header: string | undefined): unknown {
  if (header === undefined || header.trim() === '') {
    throw new InvalidInputError(HEADER, [{ field: '', message: 'is required' }]);
  }
  const value = header.trim();
  if (!BASE64URL.test(value)) {
    throw new InvalidInputError(HEADER, [{ field: '', message: 'must be base64url-encoded JSON' }]);
  }
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw new InvalidInputError(HEADER, [{ field: '', message: 'does not decode to JSON' }]);
  }
}

function parseContentType(header: string | undefined): string {
  const value = header?.trim();
  if (!value) {
    return DEFAULT_CONTENT_TYPE;
  }
  if (value.length > 255 || !MEDIA_TYPE.test(value)) {
    throw new InvalidInputError('Content-Type header', [{ field: '', message: 'is not a media type' }]);
  }
  return value;
}

/**
 * The new file's attributes from `Artstore-Attributes` (base64url JSON) and `Content-Type`;
 * `uploaded_by` defaults to the calling client. Filenames are metadata only: never a path.
 */
export function parseNewFileAttributes(
  header: string | undefined,
  contentType: string | undefined,
  caller: string,
): NewFileAttributes {
  const parsed = parseInput(headerSchema, decodeHeader(header), HEADER);
  return {
    original_filename: parsed.original_filename,
    content_type: parseContentType(contentType),
    uploaded_by: parsed.uploaded_by ?? caller,
    retention_policy: parsed.retention_policy,
    ttl_expires_at: parsed.ttl_expires_at === null ? null : new Date(parsed.ttl_expires_at).toISOString(),
    description: parsed.description,
    tags: parsed.tags,
    metadata: parsed.metadata,
    saga_id: parsed.saga_id,
  };
}

export const fileAttributesPatchSchema = z
  .object({
    original_filename: text(4096).min(1, 'must not be empty'),
    content_type: z.string().max(255).regex(MEDIA_TYPE, 'is not a media type'),
    retention_policy: z.enum(RETENTION_POLICIES),
    ttl_expires_at: z.iso.datetime({ offset: true }).nullable(),
    description: text(4096),
    tags: z.array(text(256).min(1, 'must not be empty')).max(100),
    metadata: z.record(z.string(), z.unknown()).refine(noNul, 'must not contain NUL characters'),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one attribute');
