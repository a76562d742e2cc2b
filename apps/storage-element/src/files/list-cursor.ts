import { isCanonicalUuidV7 } from '@artstore/attr-wal';
import { StoredFileError } from './stored-file.errors';

// Opaque to clients: base64url of the last file id of the previous page.
export function encodeListCursor(afterFileId: string): string {
  return Buffer.from(afterFileId, 'utf8').toString('base64url');
}

export function decodeListCursor(cursor: string): string {
  const fileId = /^[A-Za-z0-9_-]{1,64}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  if (!isCanonicalUuidV7(fileId)) {
    throw new StoredFileError(
      'invalid_cursor',
      'The cursor is malformed; pass next_cursor as it was returned.',
    );
  }
  return fileId;
}
