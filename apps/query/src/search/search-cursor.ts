import { createHash } from 'node:crypto';
import { SORT_FIELDS, type SearchRequest, type SortField, type SortOrder, filtersOf } from './search-request';
import { SearchError } from './search.errors';

/** Where the previous page ended: the last item's sort key (as PostgreSQL printed it) and file id. */
export interface SearchPosition {
  key: string;
  fileId: string;
}

interface CursorBody {
  s: SortField;
  o: SortOrder;
  /** Fingerprint of the filters: a cursor is only valid for the search that made it. */
  f: string;
  k: string;
  id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]{1,2000}$/;
const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Keys PostgreSQL will cast back without error: a forged cursor is a 400, never a 500.
const KEY_IS_VALID: Record<SortField, (key: string) => boolean> = {
  created_at: (key) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(key),
  size_bytes: (key) => /^\d{1,19}$/.test(key),
  filename: (key) => key.length >= 1 && key.length <= 4096 && !key.includes('\u0000'),
  relevance: (key) => /^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(key),
};

/** Opaque to clients: base64url of JSON, so the format can change. */
export function encodeSearchCursor(request: SearchRequest, position: SearchPosition): string {
  const body: CursorBody = {
    s: request.sort_by,
    o: request.sort_order,
    f: filterFingerprint(request),
    k: position.key,
    id: position.fileId,
  };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The position after which the requested page starts; a cursor this search did not make is a 400. */
export function decodeSearchCursor(request: SearchRequest, cursor: string): SearchPosition {
  const body = BASE64URL.test(cursor) ? bodyOf(cursor) : undefined;
  if (!body) {
    throw SearchError.invalidCursor();
  }
  if (body.s !== request.sort_by || body.o !== request.sort_order || body.f !== filterFingerprint(request)) {
    throw SearchError.mismatchedCursor();
  }
  return { key: body.k, fileId: body.id };
}

function bodyOf(cursor: string): CursorBody | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    return undefined;
  }
  const { s, o, f, k, id } = decoded as Record<string, unknown>;
  const sort = SORT_FIELDS.find((field) => field === s);
  if (
    !sort ||
    (o !== 'asc' && o !== 'desc') ||
    typeof f !== 'string' ||
    typeof k !== 'string' ||
    typeof id !== 'string' ||
    !FILE_ID.test(id) ||
    !KEY_IS_VALID[sort](k)
  ) {
    return undefined;
  }
  return { s: sort, o, f, k, id };
}

function filterFingerprint(request: SearchRequest): string {
  return createHash('sha256')
    .update(JSON.stringify(filtersOf(request)))
    .digest('base64url')
    .slice(0, 16);
}
