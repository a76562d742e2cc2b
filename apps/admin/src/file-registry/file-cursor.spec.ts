import { describe, expect, it } from 'vitest';
import { decodeFileCursor, encodeFileCursor } from './file-cursor';
import { FileRegistryError } from './file-registry.errors';

const b64 = (text: string): string => Buffer.from(text).toString('base64url');
const position = { createdAt: '2026-01-31T12:00:00.123Z', fileId: '019a0000-0000-7000-8000-00000000000a' };

describe('decodeFileCursor', () => {
  it('reads back the position it encoded', () => {
    expect(decodeFileCursor(encodeFileCursor(position))).toEqual(position);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%'],
    ['not JSON', b64('nope')],
    ['JSON of the wrong shape', b64('["x"]')],
    ['a missing id', b64('{"c":"2026-01-31T12:00:00.123Z"}')],
    ['an uppercase id', b64('{"c":"2026-01-31T12:00:00.123Z","id":"019A0000-0000-7000-8000-00000000000A"}')],
    [
      'a time with an offset',
      b64('{"c":"2026-01-31T12:00:00.123+01:00","id":"019a0000-0000-7000-8000-00000000000a"}'),
    ],
    [
      'an impossible date',
      b64('{"c":"2026-02-31T12:00:00.123Z","id":"019a0000-0000-7000-8000-00000000000a"}'),
    ],
    ['a numeric time', b64('{"c":5,"id":"019a0000-0000-7000-8000-00000000000a"}')],
    ['an overlong cursor', 'A'.repeat(201)],
  ])('refuses %s with invalid_cursor', (_case, cursor) => {
    let caught: unknown;
    try {
      decodeFileCursor(cursor);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FileRegistryError);
    expect((caught as FileRegistryError).code).toBe('invalid_cursor');
  });
});
