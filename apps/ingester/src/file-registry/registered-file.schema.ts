import { z } from 'zod';
import { storedFileSchema } from '../element-files/stored-file.schema';

/** A FileMetadata as the admin's registry answers it (the same fields as attr.json). */
export const registeredFileSchema = storedFileSchema;

/** `GET /api/v1/files` of the registry: `{items, next_cursor}`. */
export const registeredPageSchema = z.object({
  items: z.array(registeredFileSchema),
  next_cursor: z.string().nullable(),
});
