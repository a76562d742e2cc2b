import { describe, expect, it } from 'vitest';
import {
  MAX_DETAIL_STRING_LENGTH,
  MAX_TEXT_LENGTH,
  REDACTED,
  sanitizeAuditDetails,
  toAuditText,
} from './audit-details';

describe('sanitizeAuditDetails', () => {
  it('redacts credential keys at any depth and in arrays', () => {
    const details = sanitizeAuditDetails({
      client_id: 'c1',
      client_secret: 's3cret',
      nested: { Password: 'p', accessToken: 't', 'X-Api-Key': 'k', secret_hash: 'h' },
      headers: [{ authorization: 'Basic abc' }, { 'set-cookie': 'sid=1' }],
      private_key_pem: 'pem',
    });
    expect(details).toEqual({
      client_id: 'c1',
      client_secret: REDACTED,
      nested: { Password: REDACTED, accessToken: REDACTED, 'X-Api-Key': REDACTED, secret_hash: REDACTED },
      headers: [{ authorization: REDACTED }, { 'set-cookie': REDACTED }],
      private_key_pem: REDACTED,
    });
  });

  it('keeps keys that only mention a secret, such as when one stops being valid', () => {
    const details = sanitizeAuditDetails({
      previous_secret_valid_until: '2025-01-31T12:00:00.000Z',
      token_type: 'Bearer',
      jti: 'abc',
    });
    expect(details).toEqual({
      previous_secret_valid_until: '2025-01-31T12:00:00.000Z',
      token_type: 'Bearer',
      jti: 'abc',
    });
  });

  it('redacts credential-looking values under innocent keys', () => {
    const details = sanitizeAuditDetails({
      note: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
      raw: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
      header: 'Basic Y2xpZW50OnNlY3JldA==',
      key: '-----BEGIN PRIVATE KEY-----\nMIIE...',
      reason: 'wrong_secret',
    });
    expect(details).toEqual({
      note: REDACTED,
      raw: REDACTED,
      header: REDACTED,
      key: REDACTED,
      reason: 'wrong_secret',
    });
  });

  it('applies JSON semantics: undefined dropped, dates as ISO strings, NaN as null', () => {
    const details = sanitizeAuditDetails({
      gone: undefined,
      when: new Date('2025-01-31T12:00:00.000Z'),
      odd: Number.NaN,
    });
    expect(details).toEqual({ when: '2025-01-31T12:00:00.000Z', odd: null });
  });

  it('makes strings storable in PostgreSQL and bounds their length', () => {
    const details = sanitizeAuditDetails({ name: 'a\u0000b\ud800c', long: 'x'.repeat(5_000) });
    expect(details['name']).toBe('a\ufffdb\ufffdc');
    expect(details['long']).toHaveLength(MAX_DETAIL_STRING_LENGTH);
  });

  it('keeps a __proto__ key as data rather than a prototype', () => {
    const details = sanitizeAuditDetails(
      JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>,
    );
    expect(Object.getPrototypeOf(details)).toBe(Object.prototype);
    expect(Object.keys(details)).toEqual(['__proto__']);
  });

  it('treats missing details as an empty object', () => {
    expect(sanitizeAuditDetails(undefined)).toEqual({});
  });
});

describe('toAuditText', () => {
  it('cuts long text with an ellipsis at the limit', () => {
    const text = toAuditText('c'.repeat(1_000));
    expect(text).toHaveLength(MAX_TEXT_LENGTH);
    expect(text.endsWith('…')).toBe(true);
  });

  it('never leaves half a surrogate pair where it cuts', () => {
    const text = toAuditText(`${'c'.repeat(MAX_TEXT_LENGTH - 2)}😀😀`);
    expect(text).toBe(`${'c'.repeat(MAX_TEXT_LENGTH - 2)}\ufffd…`);
  });
});
