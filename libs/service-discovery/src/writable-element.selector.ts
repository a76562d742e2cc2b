import type { StorageElementEndpoint, StorageElementMode } from '@artstore/contracts';

/** A configuration (published or as the subscriber holds it) or a bare list of elements. */
export type WritableElementSource =
  { readonly elements: readonly StorageElementEndpoint[] } | readonly StorageElementEndpoint[];

/** What the ingester is about to write. */
export interface WritableElementRequest {
  retentionPolicy: 'temporary' | 'permanent';
  /** The file's size when known (Content-Length, tus Upload-Length); unknown needs only some free space. */
  sizeBytes?: number;
}

// SPEC §5: temporary files live on edit elements until finalized, permanent ones on rw elements.
const MODE_FOR_RETENTION: Record<WritableElementRequest['retentionPolicy'], StorageElementMode> = {
  temporary: 'edit',
  permanent: 'rw',
};

function hasRoomFor(element: StorageElementEndpoint, sizeBytes: number | undefined): boolean {
  return sizeBytes === undefined ? element.free_bytes > 0 : element.free_bytes >= sizeBytes;
}

function byPreference(a: StorageElementEndpoint, b: StorageElementEndpoint): number {
  if (a.priority !== b.priority) {
    return a.priority - b.priority;
  }
  if (a.free_bytes !== b.free_bytes) {
    return b.free_bytes - a.free_bytes;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Every element that may take the write, best first: mode matching the retention policy (temporary →
 * edit, permanent → rw), not offline, circuit closed, enough free bytes (`free_bytes >= sizeBytes`, or
 * `> 0` when the size is unknown); ordered by lowest priority number, then most free bytes, then id.
 * The ingester tries them in order, moving on when one fails. Pure: the input is not modified.
 */
export function rankWritableElements(
  source: WritableElementSource,
  request: WritableElementRequest,
  isCircuitOpen: (elementId: string) => boolean,
): StorageElementEndpoint[] {
  const elements = 'elements' in source ? source.elements : source;
  const mode = MODE_FOR_RETENTION[request.retentionPolicy];
  return elements
    .filter(
      (element) =>
        element.mode === mode &&
        element.status !== 'offline' &&
        hasRoomFor(element, request.sizeBytes) &&
        !isCircuitOpen(element.id),
    )
    .sort(byPreference);
}

/**
 * The best element for a write (see {@link rankWritableElements}), or `undefined` when none qualifies —
 * the caller answers 503 with `Retry-After`.
 */
export function selectWritableElement(
  source: WritableElementSource,
  request: WritableElementRequest,
  isCircuitOpen: (elementId: string) => boolean,
): StorageElementEndpoint | undefined {
  return rankWritableElements(source, request, isCircuitOpen)[0];
}
