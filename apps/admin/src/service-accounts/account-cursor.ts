import { ServiceAccountsError } from './service-accounts.errors';

interface CursorPosition {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An opaque keyset cursor over (created_at, id). */
export function encodeAccountCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

export function decodeAccountCursor(cursor: string): CursorPosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [at, id] = decoded as unknown[];
      const createdAt = new Date(typeof at === 'string' ? at : Number.NaN);
      if (!Number.isNaN(createdAt.getTime()) && typeof id === 'string' && UUID.test(id)) {
        return { createdAt, id };
      }
    }
  } catch {
    // Falls through to the same answer as any other malformed cursor.
  }
  throw ServiceAccountsError.invalidCursor();
}
