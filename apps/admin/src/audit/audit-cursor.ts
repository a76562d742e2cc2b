import { AuditError, AuditErrorCode } from './audit.errors';

const MAX_EVENT_ID = 9_223_372_036_854_775_807n;
const EVENT_ID = /^[1-9][0-9]{0,18}$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,200}$/;

/** Opaque to clients: base64url of `{"id": "<last id of the page>"}`, so the format can change. */
export function encodeAuditCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ id: lastId }), 'utf8').toString('base64url');
}

/** The id the next page starts below; anything that is not a cursor this service made is a 400. */
export function decodeAuditCursor(cursor: string): string {
  const id = BASE64URL.test(cursor) ? idInCursor(cursor) : undefined;
  if (id === undefined) {
    throw new AuditError(
      AuditErrorCode.InvalidCursor,
      'The cursor is malformed; pass next_cursor unchanged.',
      [{ field: 'cursor', message: 'is not a cursor returned by this endpoint' }],
    );
  }
  return id;
}

function idInCursor(cursor: string): string | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    return undefined;
  }
  const id = (decoded as { id?: unknown }).id;
  return typeof id === 'string' && EVENT_ID.test(id) && BigInt(id) <= MAX_EVENT_ID ? id : undefined;
}
