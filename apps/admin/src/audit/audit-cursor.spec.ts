import { describe, expect, it } from 'vitest';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';
import { AuditError, AuditErrorCode } from './audit.errors';

const b64 = (text: string): string => Buffer.from(text).toString('base64url');

describe('decodeAuditCursor', () => {
  it('reads back the id it encoded', () => {
    expect(decodeAuditCursor(encodeAuditCursor('9223372036854775807'))).toBe('9223372036854775807');
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%'],
    ['not JSON', b64('nope')],
    ['JSON of the wrong shape', b64('["1"]')],
    ['a numeric id', b64('{"id":5}')],
    ['a non-decimal id', b64('{"id":"0x10"}')],
    ['a zero id', b64('{"id":"0"}')],
    ['an id beyond bigint', b64('{"id":"9223372036854775808"}')],
    ['an overlong cursor', 'A'.repeat(201)],
  ])('refuses %s with invalid_cursor', (_case, cursor) => {
    let caught: unknown;
    try {
      decodeAuditCursor(cursor);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AuditError);
    expect((caught as AuditError).code).toBe(AuditErrorCode.InvalidCursor);
  });
});
