import { STORAGE_ELEMENT_MODES } from '@artstore/contracts';
import { z } from 'zod';

/** `POST /api/v1/mode` body. */
export const modeChangeRequestSchema = z.strictObject({
  mode: z.enum(STORAGE_ELEMENT_MODES),
  reason: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
});
