import { z } from 'zod';
import { AUDIT_ACTIONS } from '../audit-actions';

export const AUDIT_PAGE_LIMIT = { min: 1, max: 1_000, default: 100 } as const;

// Repeated query parameters arrive as arrays; each filter takes exactly one value.
const ONCE = 'must be given once';
const LIMIT = `must be an integer from ${AUDIT_PAGE_LIMIT.min} to ${AUDIT_PAGE_LIMIT.max}`;
const TIMESTAMP = 'must be an ISO 8601 timestamp with a time zone, e.g. 2025-01-31T12:00:00Z';

const text = z.string({ error: ONCE }).min(1, 'must not be empty').max(256, 'must be at most 256 characters');
const timestamp = z
  .string({ error: ONCE })
  .pipe(z.iso.datetime({ offset: true, error: TIMESTAMP }))
  .transform((value) => new Date(value));

const parameters = {
  limit: z
    .string({ error: ONCE })
    .regex(/^[0-9]{1,4}$/, LIMIT)
    .transform(Number)
    .refine((limit) => limit >= AUDIT_PAGE_LIMIT.min && limit <= AUDIT_PAGE_LIMIT.max, LIMIT)
    .default(AUDIT_PAGE_LIMIT.default),
  cursor: z.string({ error: ONCE }).optional(),
  actor: text.optional(),
  action: z.enum(AUDIT_ACTIONS, { error: `must be one of ${AUDIT_ACTIONS.join(', ')}` }).optional(),
  resource: text.optional(),
  result: z.enum(['success', 'failure'], { error: 'must be success or failure' }).optional(),
  from: timestamp.optional(),
  to: timestamp.optional(),
};

/** `GET /api/v1/audit-events` query: every parameter checked, unknown ones refused by name. */
export const auditEventQuerySchema = z
  .record(z.string(), z.unknown())
  // A typo such as `actr` must not silently widen the query; each one is named as its own field.
  .superRefine((query, context) => {
    for (const key of Object.keys(query)) {
      if (!Object.hasOwn(parameters, key)) {
        context.addIssue({ code: 'custom', path: [key], message: 'is not a parameter of this endpoint' });
      }
    }
  })
  .pipe(
    z.object(parameters).refine((query) => !query.from || !query.to || query.from <= query.to, {
      path: ['to'],
      message: 'must not be before from',
    }),
  );
