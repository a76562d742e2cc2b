import { describe, expect, it } from 'vitest';
import { InvalidInputError, parseInput } from '@artstore/platform';
import { fileAttributesPatchSchema, parseNewFileAttributes } from './new-file-attributes.header';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

const minimal = { original_filename: 'scan.tiff', retention_policy: 'permanent' };

function refusal(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}

describe('parseNewFileAttributes', () => {
  it('fills the defaults and takes uploaded_by from the caller', () => {
    expect(parseNewFileAttributes(encode(minimal), undefined, 'client-user')).toEqual({
      original_filename: 'scan.tiff',
      content_type: 'application/octet-stream',
      uploaded_by: 'client-user',
      retention_policy: 'permanent',
      ttl_expires_at: null,
      description: '',
      tags: [],
      metadata: {},
      saga_id: null,
    });
  });

  it('keeps every field a client sets', () => {
    const header = encode({
      original_filename: 'отчёт 2025.pdf',
      retention_policy: 'temporary',
      ttl_expires_at: '2030-01-01T02:00:00+02:00',
      description: 'quarterly',
      tags: ['finance', 'q1'],
      metadata: { pages: 3, nested: { ok: true } },
      uploaded_by: 'ingester-on-behalf-of-alice',
      saga_id: 'saga-123',
    });
    expect(parseNewFileAttributes(header, 'application/pdf', 'artstore-ingester')).toEqual({
      original_filename: 'отчёт 2025.pdf',
      content_type: 'application/pdf',
      uploaded_by: 'ingester-on-behalf-of-alice',
      retention_policy: 'temporary',
      // normalised to UTC
      ttl_expires_at: '2030-01-01T00:00:00.000Z',
      description: 'quarterly',
      tags: ['finance', 'q1'],
      metadata: { pages: 3, nested: { ok: true } },
      saga_id: 'saga-123',
    });
  });

  it('accepts padded base64url and surrounding whitespace', () => {
    const padded = Buffer.from(JSON.stringify(minimal))
      .toString('base64')
      .replaceAll('+', '-')
      .replaceAll('/', '_');
    expect(parseNewFileAttributes(` ${padded} `, undefined, 'c').original_filename).toBe('scan.tiff');
  });

  describe('refuses', () => {
    it.each([
      ['a missing header', undefined, /is required/],
      ['an empty header', '  ', /is required/],
      ['standard base64 with + and /', '+/+/', /base64url/],
      ['a header with dots', 'eyJ.abc', /base64url/],
      ['base64url that is not JSON', Buffer.from('{not json').toString('base64url'), /JSON/],
    ])('%s', (_name, header, message) => {
      const error = refusal(() => parseNewFileAttributes(header, undefined, 'c'));
      expect(error.message).toContain('Artstore-Attributes header');
      expect(error.message).toMatch(message);
    });

    it.each([
      ['JSON that is not an object', [1, 2], ''],
      ['an unknown field', { ...minimal, owner: 'x' }, 'owner'],
      ['a missing original_filename', { retention_policy: 'permanent' }, 'original_filename'],
      ['an empty original_filename', { ...minimal, original_filename: '' }, 'original_filename'],
      ['a missing retention_policy', { original_filename: 'a' }, 'retention_policy'],
      ['an unknown retention_policy', { ...minimal, retention_policy: 'forever' }, 'retention_policy'],
      ['a temporary file without ttl', { ...minimal, retention_policy: 'temporary' }, 'ttl_expires_at'],
      [
        'a permanent file with a ttl',
        { ...minimal, ttl_expires_at: '2030-01-01T00:00:00Z' },
        'ttl_expires_at',
      ],
      [
        'a ttl that is not a date-time',
        { ...minimal, retention_policy: 'temporary', ttl_expires_at: 'tomorrow' },
        'ttl_expires_at',
      ],
      ['a NUL in original_filename', { ...minimal, original_filename: 'a\u0000b' }, 'original_filename'],
      ['a NUL in description', { ...minimal, description: '\u0000' }, 'description'],
      ['a NUL in a tag', { ...minimal, tags: ['ok', 'x\u0000'] }, 'tags.1'],
      ['a NUL in metadata', { ...minimal, metadata: { 'k\u0000': 1 } }, 'metadata'],
      ['a NUL in a metadata value', { ...minimal, metadata: { k: ['\u0000'] } }, 'metadata'],
      ['an empty tag', { ...minimal, tags: [''] }, 'tags.0'],
      ['too many tags', { ...minimal, tags: Array.from({ length: 101 }, (_v, i) => `t${i}`) }, 'tags'],
      ['metadata that is an array', { ...minimal, metadata: [] }, 'metadata'],
      [
        'a name over 4096 characters',
        { ...minimal, original_filename: 'a'.repeat(4097) },
        'original_filename',
      ],
      ['an empty uploaded_by', { ...minimal, uploaded_by: '' }, 'uploaded_by'],
      ['an empty saga_id', { ...minimal, saga_id: '' }, 'saga_id'],
    ])('%s, naming the field', (_name, value, field) => {
      const error = refusal(() => parseNewFileAttributes(encode(value), undefined, 'c'));
      expect(error.message).toContain('Artstore-Attributes header');
      expect(error.message).toContain(field);
    });

    it.each(['text', 'text/', '/plain', 'text/plain\r\nx: y', 'a b/c', `text/${'x'.repeat(260)}`])(
      'the Content-Type %j',
      (contentType) => {
        const error = refusal(() => parseNewFileAttributes(encode(minimal), contentType, 'c'));
        expect(error.message).toContain('Content-Type');
      },
    );
  });

  it.each(['image/png', 'text/plain; charset=utf-8', 'application/vnd.api+json'])(
    'keeps the Content-Type %s',
    (contentType) => {
      expect(parseNewFileAttributes(encode(minimal), contentType, 'c').content_type).toBe(contentType);
    },
  );

  it('defaults an empty Content-Type to application/octet-stream', () => {
    expect(parseNewFileAttributes(encode(minimal), '  ', 'c').content_type).toBe('application/octet-stream');
  });
});

describe('fileAttributesPatchSchema', () => {
  const parse = (body: unknown) => parseInput(fileAttributesPatchSchema, body, 'request body');

  it('accepts a partial patch', () => {
    expect(parse({ description: 'new', tags: ['a'] })).toEqual({ description: 'new', tags: ['a'] });
  });

  it.each([
    ['an empty patch', {}, 'at least one'],
    ['an unknown field', { size_bytes: 1 }, 'size_bytes'],
    ['a read-only field', { sha256: 'x' }, 'sha256'],
    ['a bad content type', { content_type: 'nope' }, 'content_type'],
    ['a NUL', { description: 'a\u0000' }, 'description'],
    ['an empty original_filename', { original_filename: '' }, 'original_filename'],
  ])('refuses %s', (_name, body, text) => {
    expect(refusal(() => parse(body)).message).toContain(text);
  });
});
