/** The audiences a token can name; each service accepts only tokens for itself. */
export const SERVICE_AUDIENCES = ['admin', 'storage', 'ingester', 'query'] as const;
export type ServiceAudience = (typeof SERVICE_AUDIENCES)[number];

/** Names used in logs, metrics and traces. */
export const SERVICE_NAMES = ['admin', 'storage-element', 'ingester', 'query'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
