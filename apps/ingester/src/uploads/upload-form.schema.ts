import { z } from 'zod';
import { RETENTION_POLICIES, type RetentionPolicy } from '@artstore/contracts';
import { UploadError } from './upload.errors';

/** The text fields of a multipart upload, validated (SPEC §6). */
export interface UploadForm {
  description: string;
  tags: string[];
  retention_policy: RetentionPolicy;
  /** Null for permanent files. */
  ttl_days: number | null;
  metadata: Record<string, unknown>;
}

export const UPLOAD_FIELDS = ['description', 'tags', 'retention_policy', 'ttl_days', 'metadata'] as const;
const DEFAULT_TTL_DAYS = 30;

// PostgreSQL text and jsonb (the element's cache, the registry) cannot hold U+0000.
const noNul = (value: string): boolean => !value.includes('\u0000');

const single = (name: string, values: readonly string[] | undefined): string | undefined => {
  if (values && values.length > 1) {
    throw UploadError.invalidForm(`The field "${name}" may appear only once.`);
  }
  return values?.[0];
};

const tagsSchema = z.array(z.string().min(1).max(256).refine(noNul, 'must not contain NUL')).max(100);

function parseMetadata(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined || raw.trim() === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw UploadError.invalidForm('The field "metadata" is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || raw.includes('\\u0000')) {
    throw UploadError.invalidForm('The field "metadata" must be a JSON object (without NUL characters).');
  }
  return parsed as Record<string, unknown>;
}

function parseTtlDays(raw: string | undefined, policy: RetentionPolicy): number | null {
  if (policy === 'permanent') {
    if (raw !== undefined) {
      throw UploadError.invalidForm('The field "ttl_days" applies to temporary files only.');
    }
    return null;
  }
  if (raw === undefined) {
    return DEFAULT_TTL_DAYS;
  }
  const days = /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(days >= 1 && days <= 365)) {
    throw UploadError.invalidForm('The field "ttl_days" must be a whole number of days from 1 to 365.');
  }
  return days;
}

/** Validates the collected fields; every refusal names the field. Unknown fields are refused too. */
export function parseUploadForm(fields: ReadonlyMap<string, readonly string[]>): UploadForm {
  for (const name of fields.keys()) {
    if (!(UPLOAD_FIELDS as readonly string[]).includes(name)) {
      throw UploadError.invalidForm(`Unknown field "${name}" (expected ${UPLOAD_FIELDS.join(', ')}, file).`);
    }
  }
  const policyRaw = single('retention_policy', fields.get('retention_policy')) ?? 'temporary';
  if (!(RETENTION_POLICIES as readonly string[]).includes(policyRaw)) {
    throw UploadError.invalidForm(
      `The field "retention_policy" must be one of ${RETENTION_POLICIES.join(', ')}.`,
    );
  }
  const policy = policyRaw as RetentionPolicy;
  const description = single('description', fields.get('description')) ?? '';
  if (description.length > 4096 || !noNul(description)) {
    throw UploadError.invalidForm('The field "description" must be at most 4096 characters without NUL.');
  }
  const tags = (fields.get('tags') ?? [])
    .flatMap((value) => value.split(','))
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  if (!tagsSchema.safeParse(tags).success) {
    throw UploadError.invalidForm('The field "tags" allows at most 100 tags of 1–256 characters.');
  }
  return {
    description,
    tags: [...new Set(tags)],
    retention_policy: policy,
    ttl_days: parseTtlDays(single('ttl_days', fields.get('ttl_days')), policy),
    metadata: parseMetadata(single('metadata', fields.get('metadata'))),
  };
}
