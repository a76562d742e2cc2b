import { FileRegistryError } from './file-registry.errors';

/** Where the previous page ended in the listing's (created_at, file_id) order. */
export interface FileListPosition {
  createdAt: string;
  fileId: string;
}

const BASE64URL = /^[A-Za-z0-9_-]{1,200}$/;
const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Opaque to clients: base64url of `{"c": created_at, "id": file_id}`, so the format can change. */
export function encodeFileCursor(position: FileListPosition): string {
  return Buffer.from(JSON.stringify({ c: position.createdAt, id: position.fileId }), 'utf8').toString(
    'base64url',
  );
}

/** The position after which the next page starts; anything this service did not make is a 400. */
export function decodeFileCursor(cursor: string): FileListPosition {
  const position = BASE64URL.test(cursor) ? positionIn(cursor) : undefined;
  if (!position) {
    throw FileRegistryError.invalidCursor();
  }
  return position;
}

function positionIn(cursor: string): FileListPosition | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    return undefined;
  }
  const { c, id } = decoded as { c?: unknown; id?: unknown };
  if (typeof c !== 'string' || typeof id !== 'string' || !FILE_ID.test(id) || !ISO_UTC.test(c)) {
    return undefined;
  }
  const createdAt = new Date(c);
  return Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== c
    ? undefined
    : { createdAt: c, fileId: id };
}
