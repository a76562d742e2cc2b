import {
  STORAGE_ELEMENT_MODES,
  STORAGE_ELEMENT_STATUSES,
  type StorageElementEndpoint,
  type StorageElementsConfig,
} from '@artstore/contracts';
import { z } from 'zod';

const byteCount = z.number().int().nonnegative();

/** An element's base URL: http(s) only, so a config can never point a client at another scheme. */
export const elementUrlSchema = z.string().refine(
  (value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  },
  { message: 'must be an http(s) URL' },
);

export const storageElementEndpointSchema = z.object({
  id: z.string().trim().min(1),
  url: elementUrlSchema,
  mode: z.enum(STORAGE_ELEMENT_MODES),
  priority: z.number().int().nonnegative(),
  capacity_bytes: byteCount,
  used_bytes: byteCount,
  free_bytes: byteCount,
  status: z.enum(STORAGE_ELEMENT_STATUSES),
}) satisfies z.ZodType<StorageElementEndpoint>;

/** Element ids key every API and event, so a list that repeats one is ambiguous and refused. */
export const storageElementListSchema = z
  .array(storageElementEndpointSchema)
  .refine((elements) => new Set(elements.map((element) => element.id)).size === elements.length, {
    message: 'element ids must be unique',
  });

export const storageElementsConfigSchema = z.object({
  version: z.number().int().positive(),
  published_at: z.iso.datetime({ offset: true }),
  elements: storageElementListSchema,
}) satisfies z.ZodType<StorageElementsConfig>;

/** Validates a published configuration (Redis key, channel message or state file); unknown fields are dropped. */
export function parseStorageElementsConfig(
  value: unknown,
): { ok: true; config: StorageElementsConfig } | { ok: false; problems: string } {
  const result = storageElementsConfigSchema.safeParse(value);
  return result.success
    ? { ok: true, config: result.data }
    : { ok: false, problems: describeIssues(result.error) };
}

/** Validates a JSON text; malformed JSON is a problem like any other, never a throw. */
export function parseStorageElementsConfigJson(
  text: string,
): { ok: true; config: StorageElementsConfig } | { ok: false; problems: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problems: 'not valid JSON' };
  }
  return parseStorageElementsConfig(value);
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
