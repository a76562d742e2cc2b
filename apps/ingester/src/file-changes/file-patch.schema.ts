import { z } from 'zod';
import { parseInput } from '@artstore/platform';

// The storage element's limits (attr.json ≤ 4 KiB is checked there); NUL cannot be stored.
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

const noNul = (value: unknown): boolean => !JSON.stringify(value).includes('\\u0000');

/** `PATCH /api/v1/files/{id}`: the attributes a client may change, at least one. */
export const filePatchSchema = z
  .strictObject({
    description: text(4096),
    tags: z.array(text(256).trim().min(1, 'must not be empty')).max(100),
    metadata: z.record(z.string(), z.unknown()).refine(noNul, 'must not contain NUL characters'),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'must change description, tags or metadata');

export type FilePatch = z.infer<typeof filePatchSchema>;

/** The patch, or InvalidInputError (400) naming each bad field. */
export function parseFilePatch(body: unknown): FilePatch {
  return parseInput(filePatchSchema, body, 'request body');
}
