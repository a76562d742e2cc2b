import type { FileMetadata } from '@artstore/contracts';

/**
 * The registry's record of a finalized file: the registered file moved to the copy's element,
 * permanent, without ttl. The registry keeps its own version line (the copy's attr.json starts again
 * at 1), so the new version is above both.
 */
export function finalizedRecord(registered: FileMetadata, copy: FileMetadata): FileMetadata {
  return {
    ...registered,
    storage_element_id: copy.storage_element_id,
    retention_policy: 'permanent',
    ttl_expires_at: null,
    updated_at: copy.updated_at,
    version: Math.max(registered.version + 1, copy.version),
  };
}

/** Whether the registry already records the file as finalized onto `elementId`. */
export function isFinalizedOn(registered: FileMetadata, elementId: string): boolean {
  return (
    registered.storage_element_id === elementId &&
    registered.retention_policy === 'permanent' &&
    registered.ttl_expires_at === null
  );
}

/**
 * The registry's record after an attribute change on the element: the element's attr.json, at a
 * version above what the registry holds (after a finalize the two version lines differ).
 */
export function updatedRecord(registered: FileMetadata | undefined, updated: FileMetadata): FileMetadata {
  return registered === undefined
    ? updated
    : { ...updated, version: Math.max(updated.version, registered.version + 1) };
}

/** Whether the registry already holds this attribute change (a retried step after a lost answer). */
export function holdsUpdate(registered: FileMetadata, updated: FileMetadata): boolean {
  return (
    registered.storage_element_id === updated.storage_element_id &&
    registered.updated_at === updated.updated_at &&
    registered.description === updated.description &&
    JSON.stringify(registered.tags) === JSON.stringify(updated.tags) &&
    canonicalJson(registered.metadata) === canonicalJson(updated.metadata)
  );
}

// jsonb does not keep key order: compare objects with sorted keys.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
