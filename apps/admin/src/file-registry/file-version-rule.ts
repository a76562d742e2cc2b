import type { FileMetadata } from '@artstore/contracts';

/** What registering `incoming` does to the registry, given what it holds. */
export type RegistrationDecision = 'create' | 'update' | 'unchanged' | 'version_conflict' | 'stale_version';

/**
 * The version rule shared by `PUT /files/{id}` and reconcile: a higher version wins, the same version
 * with the same content is a retry, the same version with other content is a conflict.
 */
export function decideRegistration(
  stored: FileMetadata | undefined,
  incoming: FileMetadata,
): RegistrationDecision {
  if (!stored) {
    return 'create';
  }
  if (incoming.version > stored.version) {
    return 'update';
  }
  if (incoming.version < stored.version) {
    return 'stale_version';
  }
  return sameFileContent(stored, incoming) ? 'unchanged' : 'version_conflict';
}

/** Field-by-field equality that ignores key order (jsonb does not keep it). */
export function sameFileContent(a: FileMetadata, b: FileMetadata): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, sortKeys(item)]),
    );
  }
  return value;
}
