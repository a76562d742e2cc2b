import { z } from 'zod';

/** `DELETE /api/v1/files/{id}` query: why the file goes, and for whom (audited when a reason is given). */
export const unregisterQuerySchema = z.strictObject({
  reason: z.enum(['deleted', 'expired'], { error: 'must be deleted or expired' }).optional(),
  requested_by: z.string({ error: 'must be given once' }).min(1).max(256).optional(),
});

/** The audit of a removal: `file.deleted` or `file.expired` by `actor`, asked through client `via`. */
export interface FileRemovalAudit {
  reason: 'deleted' | 'expired';
  actor: string;
  via: string;
}
