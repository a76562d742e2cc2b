/** What the audit log records; later features append their actions here (elements, files, GC). */
export const AUDIT_ACTIONS = [
  'token.issued',
  'token.refused',
  'account.created',
  'account.updated',
  'account.disabled',
  'account.deleted',
  'account.secret_rotated',
  'key.rotated',
  'element.registered',
  'element.updated',
  'element.removed',
  'element.mode_changed',
  'files.reconciled',
  'file.deleted',
  'file.expired',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The actor of events the admin causes by itself (scheduled key rotation, seeding). */
export const SYSTEM_ACTOR = 'system';
