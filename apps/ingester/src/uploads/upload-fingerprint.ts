import { createHash } from 'node:crypto';
import type { UploadForm } from './upload-form.schema';

/**
 * What makes two requests "the same" for an `Idempotency-Key`: the validated fields, the filename
 * and the file's declared type (the bytes are not known before they are read).
 */
export function uploadFingerprint(form: UploadForm, filename: string, contentType: string): string {
  const canonical = JSON.stringify([
    form.description,
    form.tags,
    form.retention_policy,
    form.ttl_days,
    sortKeys(form.metadata),
    filename,
    contentType,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, entry]) => [key, sortKeys(entry)]),
    );
  }
  return value;
}
