export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

export interface HealthOptions {
  timeoutMs: number;
  /** Storage elements also prove their data directory takes a durable write. */
  dataDirectory?: string;
}
