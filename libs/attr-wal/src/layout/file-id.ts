import { randomBytes } from 'node:crypto';
import { AttrWalError, AttrWalErrorCode } from '../attr-wal.errors';

const CANONICAL_UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** True for a canonical lowercase UUIDv7 (version 7, RFC 9562 variant). */
export function isCanonicalUuidV7(value: string): boolean {
  return CANONICAL_UUID_V7.test(value);
}

/** Throws `invalid_file_id` unless the id is a canonical lowercase UUIDv7. */
export function assertFileId(fileId: string): void {
  if (!isCanonicalUuidV7(fileId)) {
    throw new AttrWalError(AttrWalErrorCode.InvalidFileId, 'A file id must be a canonical lowercase UUIDv7.');
  }
}

/** The creation instant a UUIDv7 carries in its first 48 bits (Unix milliseconds). */
export function uuidV7Timestamp(fileId: string): Date {
  assertFileId(fileId);
  return new Date(parseInt(fileId.slice(0, 8) + fileId.slice(9, 13), 16));
}

/** A new UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, 74 random bits. */
export function newFileId(now: Date = new Date()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now.getTime(), 0, 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
