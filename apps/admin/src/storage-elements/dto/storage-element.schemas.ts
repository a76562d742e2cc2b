import { z } from 'zod';
import { STORAGE_ELEMENT_MODES, STORAGE_ELEMENT_STATUSES } from '@artstore/contracts';

export const elementIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'is not a storage element id');

export const registerElementSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048)
    .refine((value) => {
      const url = new URL(value);
      return url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    }, 'must be a base URL without credentials, query or fragment')
    .transform((value) => value.replace(/\/+$/, '')),
});

export const updateElementSchema = z
  .strictObject({
    priority: z.number().int().min(0).max(1_000_000).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'name at least one field to change');

export const changeModeSchema = z.strictObject({
  mode: z.enum(STORAGE_ELEMENT_MODES),
  reason: z.string().trim().min(1).max(500),
});

export const listElementsSchema = z.strictObject({
  mode: z.enum(STORAGE_ELEMENT_MODES).optional(),
  status: z.enum(STORAGE_ELEMENT_STATUSES).optional(),
});
