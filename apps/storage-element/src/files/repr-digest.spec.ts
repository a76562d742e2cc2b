import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@artstore/platform';
import { expectedSha256FromReprDigest, reprDigestOf } from './repr-digest';

const HEX = createHash('sha256').update('hello').digest('hex');
const B64 = Buffer.from(HEX, 'hex').toString('base64');
const SHA512_B64 = createHash('sha512').update('hello').digest('base64');

describe('expectedSha256FromReprDigest', () => {
  it('is undefined without the header', () => {
    expect(expectedSha256FromReprDigest(undefined)).toBeUndefined();
  });

  it('reads the sha-256 member as lowercase hex', () => {
    expect(expectedSha256FromReprDigest(`sha-256=:${B64}:`)).toBe(HEX);
  });

  it.each([
    ['among other algorithms', `sha-512=:${SHA512_B64}:, sha-256=:${B64}:`],
    ['with parameters', `sha-256=:${B64}:;note=1`],
    ['with surrounding whitespace', `  sha-256=:${B64}:  `],
  ])('finds it %s', (_name, header) => {
    expect(expectedSha256FromReprDigest(header)).toBe(HEX);
  });

  it.each([`sha-512=:${SHA512_B64}:`, 'unixsum=:AAAA:', ''])(
    'is undefined when %j names no sha-256',
    (header) => {
      expect(expectedSha256FromReprDigest(header)).toBeUndefined();
    },
  );

  it.each([
    ['not a byte sequence', `sha-256=${HEX}`],
    ['hex inside the colons', `sha-256=:${HEX}:`],
    ['too short', `sha-256=:${Buffer.alloc(16).toString('base64')}:`],
    ['too long', `sha-256=:${Buffer.alloc(33).toString('base64')}:`],
    ['empty', 'sha-256=::'],
    ['not base64', 'sha-256=:!!!!:'],
  ])('refuses a sha-256 member that is %s with a 400 naming the header', (_name, header) => {
    expect(() => expectedSha256FromReprDigest(header)).toThrow(InvalidInputError);
    expect(() => expectedSha256FromReprDigest(header)).toThrow(/Repr-Digest/);
  });
});

describe('reprDigestOf', () => {
  it('encodes the hex sha256 as an RFC 9530 byte sequence', () => {
    expect(reprDigestOf(HEX)).toBe(`sha-256=:${B64}:`);
  });

  it('round-trips through the request parser', () => {
    expect(expectedSha256FromReprDigest(reprDigestOf(HEX))).toBe(HEX);
  });
});
