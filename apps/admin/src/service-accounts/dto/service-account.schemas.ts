import { z } from 'zod';
import { ROLES } from '@artstore/contracts';

const name = z.string().trim().min(1).max(200);
const description = z.string().max(2000).nullable();
const rateLimit = z.number().int().min(1).max(1_000_000).nullable();
const chosenSecret = z.string().min(32, 'must be at least 32 characters').max(512);

export const createServiceAccountSchema = z.strictObject({
  name,
  role: z.enum(ROLES),
  client_id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{3,64}$/, 'must be 3-64 characters of A-Z a-z 0-9 . _ -')
    .optional(),
  description: description.optional(),
  rate_limit_per_minute: rateLimit.optional(),
  /** An operator-chosen secret; generated (256 bits) when absent. */
  client_secret: chosenSecret.optional(),
});
export type CreateServiceAccountInput = z.infer<typeof createServiceAccountSchema>;

export const updateServiceAccountSchema = z
  .strictObject({
    name: name.optional(),
    description: description.optional(),
    role: z.enum(ROLES).optional(),
    status: z.enum(['active', 'disabled']).optional(),
    rate_limit_per_minute: rateLimit.optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'name at least one field to change');
export type UpdateServiceAccountInput = z.infer<typeof updateServiceAccountSchema>;

export const rotateSecretSchema = z.strictObject({ client_secret: chosenSecret.optional() }).optional();

export const listServiceAccountsSchema = z.strictObject({
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional(),
});
export type ListServiceAccountsInput = z.infer<typeof listServiceAccountsSchema>;

export const accountIdSchema = z.uuid();
