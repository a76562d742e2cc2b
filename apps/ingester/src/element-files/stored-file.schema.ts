import { z } from 'zod';
import { RETENTION_POLICIES } from '@artstore/contracts';

/** The element's answer to a PUT (its attr.json), reduced to the registry's FileMetadata. */
export const storedFileSchema = z.object({
  file_id: z.string(),
  original_filename: z.string(),
  content_type: z.string(),
  size_bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  storage_element_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  uploaded_by: z.string(),
  retention_policy: z.enum(RETENTION_POLICIES),
  ttl_expires_at: z.string().nullable(),
  description: z.string(),
  tags: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
  version: z.number().int(),
});
