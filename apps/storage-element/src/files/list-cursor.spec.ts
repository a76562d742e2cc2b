import { describe, expect, it } from 'vitest';
import { newFileId } from '@artstore/attr-wal';
import { decodeListCursor, encodeListCursor } from './list-cursor';
import { StoredFileError } from './stored-file.errors';

describe('list cursor', () => {
  it('round-trips a file id', () => {
    const fileId = newFileId();
    const cursor = encodeListCursor(fileId);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(fileId);
    expect(decodeListCursor(cursor)).toBe(fileId);
  });

  it.each([
    ['not base64url', 'abc+/='],
    ['too long', 'A'.repeat(65)],
    ['a raw file id', newFileId()],
    ['an encoded UUIDv4', Buffer.from('3b241101-e2bb-4255-8caf-4136c566a962').toString('base64url')],
    ['an encoded uppercase id', Buffer.from(newFileId().toUpperCase()).toString('base64url')],
    ['an encoded path', Buffer.from('../../etc/passwd').toString('base64url')],
    ['empty', ''],
    ['garbage', 'not-a-cursor'],
  ])('refuses %s with invalid_cursor', (_name, cursor) => {
    expect(() => decodeListCursor(cursor)).toThrow(StoredFileError);
    try {
      decodeListCursor(cursor);
    } catch (error) {
      expect((error as StoredFileError).code).toBe('invalid_cursor');
    }
  });
});
