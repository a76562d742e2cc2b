import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, computeAuditHash, GENESIS_HASH, type AuditHashedFields } from './audit-hash';

const anEvent = (overrides: Partial<AuditHashedFields> = {}): AuditHashedFields => ({
  id: '7',
  at: new Date('2025-01-31T12:00:00.123Z'),
  actor: 'artstore-ingester',
  action: 'token.issued',
  resource: 'service-account:1',
  result: 'success',
  details: { scope: 'files:read', aud: ['admin', 'storage'] },
  ...overrides,
});

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, 2], c: null } })).toBe('{"a":{"c":null,"d":[3,1,2]},"b":1}');
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    const one = { x: 'é', y: [true, { q: 1, p: 2 }], z: -0.5 };
    const other = { z: -0.5, y: [true, { p: 2, q: 1 }], x: 'é' };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });

  it('sorts by UTF-16 code units, so upper case precedes lower case', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3 })).toBe('{"B":2,"a":3,"b":1}');
  });

  it('escapes strings as JSON does and writes no whitespace', () => {
    expect(canonicalJson({ 'k"ey': 'line\nbreak' })).toBe('{"k\\"ey":"line\\nbreak"}');
  });

  it('refuses non-finite numbers, which JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
});

describe('computeAuditHash', () => {
  it('is SHA-256 over the canonical JSON of the fields, the ISO time and prev_hash', () => {
    const prev = 'a'.repeat(64);
    const expected = createHash('sha256')
      .update(
        '{"action":"token.issued","actor":"artstore-ingester","at":"2025-01-31T12:00:00.123Z",' +
          '"details":{"aud":["admin","storage"],"scope":"files:read"},"id":"7",' +
          `"prev_hash":"${prev}","resource":"service-account:1","result":"success"}`,
      )
      .digest('hex');
    expect(computeAuditHash(prev, anEvent())).toBe(expected);
  });

  it('ignores fields that are not part of an event, such as a stored row’s own hash', () => {
    const row = { ...anEvent(), hash: 'f'.repeat(64), prev_hash: 'e'.repeat(64) };
    expect(computeAuditHash(GENESIS_HASH, row)).toBe(computeAuditHash(GENESIS_HASH, anEvent()));
  });

  it.each<[string, Partial<AuditHashedFields>]>([
    ['id', { id: '8' }],
    ['at', { at: new Date('2025-01-31T12:00:00.124Z') }],
    ['actor', { actor: 'artstore-query' }],
    ['action', { action: 'token.refused' }],
    ['resource', { resource: 'service-account:2' }],
    ['result', { result: 'failure' }],
    ['details', { details: { scope: 'files:write', aud: ['admin', 'storage'] } }],
  ])('changes when %s changes', (_field, change) => {
    expect(computeAuditHash(GENESIS_HASH, anEvent(change))).not.toBe(
      computeAuditHash(GENESIS_HASH, anEvent()),
    );
  });

  it('changes when the previous hash changes, which is what links the chain', () => {
    expect(computeAuditHash('1'.repeat(64), anEvent())).not.toBe(computeAuditHash(GENESIS_HASH, anEvent()));
  });

  it('does not depend on the key order of details', () => {
    const reordered = anEvent({ details: { aud: ['admin', 'storage'], scope: 'files:read' } });
    expect(computeAuditHash(GENESIS_HASH, reordered)).toBe(computeAuditHash(GENESIS_HASH, anEvent()));
  });
});
