import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AttrWalError, AttrWalErrorCode } from '../attr-wal.errors';
import { isCanonicalUuidV7, newFileId, uuidV7Timestamp } from './file-id';
import { pathsFor, trashPathsFor } from './file-layout';

describe('pathsFor', () => {
  it('places a file under the UTC hour of its id', () => {
    const fileId = newFileId(new Date('2026-03-04T23:59:59.999Z'));
    expect(pathsFor('/data', fileId)).toEqual({
      directory: join('/data', '2026', '03', '04', '23'),
      data: join('/data', '2026', '03', '04', '23', fileId),
      attributes: join('/data', '2026', '03', '04', '23', `${fileId}.attr.json`),
    });
  });

  it('derives the same instant back from the id', () => {
    const at = new Date('2025-11-23T21:56:48.123Z');
    expect(uuidV7Timestamp(newFileId(at))).toEqual(at);
  });

  it.each([
    ['uppercase', newFileId().toUpperCase()],
    ['a UUIDv4', '3b241101-e2bb-4255-8caf-4136c566a962'],
    ['a wrong variant', '01890a5d-ac96-774b-7cb5-5a8d5c0a2e8f'],
    ['path traversal', '../../etc/passwd'],
    ['braces', `{${newFileId()}}`],
    ['a trailing slash', `${newFileId()}/`],
    ['empty', ''],
  ])('rejects %s', (_label, fileId) => {
    expect(isCanonicalUuidV7(fileId)).toBe(false);
    expect(() => pathsFor('/data', fileId)).toThrow(AttrWalError);
    try {
      pathsFor('/data', fileId);
    } catch (error) {
      expect((error as AttrWalError).code).toBe(AttrWalErrorCode.InvalidFileId);
    }
  });

  it('keeps trash names in the same directory, tagged with the transaction', () => {
    const fileId = newFileId();
    const trash = trashPathsFor('/data', fileId, 'tx1');
    expect(trash.directory).toBe(pathsFor('/data', fileId).directory);
    expect(trash.data).toBe(join(trash.directory, `.trash-tx1-${fileId}`));
  });
});
