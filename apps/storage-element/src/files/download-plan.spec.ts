import { describe, expect, it } from 'vitest';
import contentDisposition from 'content-disposition';
import type { AttrJson } from '@artstore/contracts';
import { entityTagOf, planDownload, type DownloadRequest } from './download-plan';

const SHA = 'a'.repeat(64);
const CREATED_AT = '2025-06-01T10:20:30.456Z';
// Last-Modified is whole seconds: the fraction of created_at is dropped.
const LAST_MODIFIED = 'Sun, 01 Jun 2025 10:20:30 GMT';

function aFile(overrides: Partial<AttrJson> = {}): AttrJson {
  return {
    schema_version: 1,
    file_id: '01970000-0000-7000-8000-000000000001',
    original_filename: 'report.pdf',
    content_type: 'application/pdf',
    size_bytes: 10,
    sha256: SHA,
    storage_element_id: 'se-test',
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
    uploaded_by: 'client-user',
    retention_policy: 'permanent',
    ttl_expires_at: null,
    description: '',
    tags: [],
    metadata: {},
    version: 1,
    saga_id: null,
    ...overrides,
  };
}

function get(overrides: Partial<DownloadRequest> = {}): DownloadRequest {
  return { method: 'GET', ...overrides };
}

const ETAG = `"${SHA}"`;
const OTHER_ETAG = `"${'b'.repeat(64)}"`;
const EARLIER = 'Sun, 01 Jun 2025 10:20:29 GMT';
const LATER = 'Sun, 01 Jun 2025 10:20:31 GMT';

describe('planDownload', () => {
  describe('without conditions', () => {
    it('answers 200 with every representation header', () => {
      const plan = planDownload(get(), aFile());
      expect(plan).toEqual({
        status: 200,
        headers: {
          etag: ETAG,
          'last-modified': LAST_MODIFIED,
          'accept-ranges': 'bytes',
          'content-type': 'application/pdf',
          'content-length': '10',
          'repr-digest': `sha-256=:${Buffer.from(SHA, 'hex').toString('base64')}:`,
          'content-disposition': 'attachment; filename="report.pdf"',
        },
      });
    });

    it('uses the strong entity tag of the sha256', () => {
      expect(entityTagOf(aFile())).toBe(ETAG);
    });

    it('plans the same for HEAD as for GET', () => {
      const file = aFile();
      for (const request of [{}, { range: 'bytes=0-3' }, { ifNoneMatch: ETAG }, { range: 'bytes=50-' }]) {
        expect(planDownload({ ...request, method: 'HEAD' }, file)).toEqual(planDownload(get(request), file));
      }
    });
  });

  describe('If-Match (RFC 9110 §13.1.1)', () => {
    it.each([ETAG, '*', `${OTHER_ETAG}, ${ETAG}`])('proceeds when %s matches', (ifMatch) => {
      expect(planDownload(get({ ifMatch }), aFile()).status).toBe(200);
    });

    it.each([OTHER_ETAG, `W/${ETAG}`, ''])('answers 412 with the validators for %j', (ifMatch) => {
      expect(planDownload(get({ ifMatch }), aFile())).toEqual({
        status: 412,
        headers: { etag: ETAG, 'last-modified': LAST_MODIFIED, 'content-length': '0' },
      });
    });

    it('wins over If-Unmodified-Since (step 2 is skipped when If-Match is present)', () => {
      expect(planDownload(get({ ifMatch: ETAG, ifUnmodifiedSince: EARLIER }), aFile()).status).toBe(200);
    });

    it('is evaluated before If-None-Match', () => {
      expect(planDownload(get({ ifMatch: OTHER_ETAG, ifNoneMatch: ETAG }), aFile()).status).toBe(412);
    });

    it('is evaluated before Range', () => {
      expect(planDownload(get({ ifMatch: OTHER_ETAG, range: 'bytes=0-1' }), aFile()).status).toBe(412);
    });
  });

  describe('If-Unmodified-Since (§13.1.4)', () => {
    it('answers 412 when the file changed after the date', () => {
      expect(planDownload(get({ ifUnmodifiedSince: EARLIER }), aFile()).status).toBe(412);
    });

    it.each([LAST_MODIFIED, LATER])('proceeds for %s', (ifUnmodifiedSince) => {
      expect(planDownload(get({ ifUnmodifiedSince }), aFile()).status).toBe(200);
    });

    it('ignores an invalid date', () => {
      expect(planDownload(get({ ifUnmodifiedSince: 'yesterday-ish' }), aFile()).status).toBe(200);
    });
  });

  describe('If-None-Match (§13.1.2)', () => {
    it.each([ETAG, '*', `W/${ETAG}`, `${OTHER_ETAG}, W/${ETAG}`, ` ${OTHER_ETAG} ,${ETAG} `])(
      'answers 304 with ETag and Last-Modified for %s (weak comparison)',
      (ifNoneMatch) => {
        expect(planDownload(get({ ifNoneMatch }), aFile())).toEqual({
          status: 304,
          headers: { etag: ETAG, 'last-modified': LAST_MODIFIED },
        });
      },
    );

    it('answers 304 to HEAD too', () => {
      expect(planDownload({ method: 'HEAD', ifNoneMatch: ETAG }, aFile()).status).toBe(304);
    });

    it('answers 200 when no tag matches', () => {
      expect(planDownload(get({ ifNoneMatch: `${OTHER_ETAG}, W/${OTHER_ETAG}` }), aFile()).status).toBe(200);
    });

    it('makes If-Modified-Since ignored (step 4 only without If-None-Match)', () => {
      expect(planDownload(get({ ifNoneMatch: OTHER_ETAG, ifModifiedSince: LATER }), aFile()).status).toBe(
        200,
      );
    });

    it('is evaluated before Range: 304, not 206', () => {
      expect(planDownload(get({ ifNoneMatch: ETAG, range: 'bytes=0-1' }), aFile()).status).toBe(304);
    });

    it('is evaluated after a passing If-Unmodified-Since', () => {
      expect(planDownload(get({ ifUnmodifiedSince: LATER, ifNoneMatch: ETAG }), aFile()).status).toBe(304);
    });
  });

  describe('If-Modified-Since (§13.1.3)', () => {
    it.each([LAST_MODIFIED, LATER])('answers 304 when not modified since %s', (ifModifiedSince) => {
      expect(planDownload(get({ ifModifiedSince }), aFile())).toEqual({
        status: 304,
        headers: { etag: ETAG, 'last-modified': LAST_MODIFIED },
      });
    });

    it('answers 200 when modified after the date', () => {
      expect(planDownload(get({ ifModifiedSince: EARLIER }), aFile()).status).toBe(200);
    });

    it('ignores an invalid date', () => {
      expect(planDownload(get({ ifModifiedSince: 'not a date' }), aFile()).status).toBe(200);
    });
  });

  describe('Range (§14.2)', () => {
    it.each([
      ['a single range', 'bytes=2-5', 2, 5],
      ['a suffix range', 'bytes=-3', 7, 9],
      ['a suffix longer than the file', 'bytes=-50', 0, 9],
      ['an open-ended range', 'bytes=4-', 4, 9],
      ['an end past the file', 'bytes=8-100', 8, 9],
      ['ranges that merge into one', 'bytes=0-1,2-3', 0, 3],
      ['overlapping ranges', 'bytes=0-4,3-6', 0, 6],
      ['a unit in capitals (units are case-insensitive)', 'BYTES=1-2', 1, 2],
      ['whitespace around the specs', 'bytes= 1-2 , ', 1, 2],
    ])('answers 206 to %s', (_name, range, start, end) => {
      const plan = planDownload(get({ range }), aFile());
      expect(plan).toMatchObject({
        status: 206,
        range: { start, end },
        headers: {
          'content-range': `bytes ${start}-${end}/10`,
          'content-length': String(end - start + 1),
          etag: ETAG,
          'accept-ranges': 'bytes',
        },
      });
    });

    it.each(['bytes=10-', 'bytes=10-20', 'bytes=50-60,70-80', 'bytes=-0'])(
      'answers 416 with bytes */size to the unsatisfiable %s',
      (range) => {
        const plan = planDownload(get({ range }), aFile());
        expect(plan.status).toBe(416);
        expect(plan.headers['content-range']).toBe('bytes */10');
        expect(plan.headers['content-length']).toBe('0');
      },
    );

    it('answers 200 with the whole file to several ranges that do not merge', () => {
      const plan = planDownload(get({ range: 'bytes=0-1,5-6' }), aFile());
      expect(plan.status).toBe(200);
      expect(plan.headers['content-length']).toBe('10');
      expect(plan.headers['content-range']).toBeUndefined();
    });

    it.each(['bytes=abc', 'bytes=5-2', 'items=0-1', 'bytes', '0-1', 'bytes=--1'])(
      'answers 200 to the malformed or foreign Range %j',
      (range) => {
        const plan = planDownload(get({ range }), aFile());
        expect(plan.status).toBe(200);
        expect(plan.headers['content-length']).toBe('10');
      },
    );
  });

  describe('If-Range (§13.1.5)', () => {
    it('applies the range when the entity tag matches', () => {
      expect(planDownload(get({ range: 'bytes=0-1', ifRange: ETAG }), aFile()).status).toBe(206);
    });

    it.each([OTHER_ETAG, `W/${ETAG}`])('sends the whole file when the tag is %s', (ifRange) => {
      const plan = planDownload(get({ range: 'bytes=0-1', ifRange }), aFile());
      expect(plan.status).toBe(200);
      expect(plan.headers['content-length']).toBe('10');
    });

    it('applies the range when the date equals Last-Modified', () => {
      expect(planDownload(get({ range: 'bytes=0-1', ifRange: LAST_MODIFIED }), aFile()).status).toBe(206);
    });

    it.each([EARLIER, LATER, 'garbage'])('sends the whole file for the date %s', (ifRange) => {
      expect(planDownload(get({ range: 'bytes=0-1', ifRange }), aFile()).status).toBe(200);
    });

    it('sends the whole file instead of 416 when it does not hold', () => {
      expect(planDownload(get({ range: 'bytes=50-', ifRange: OTHER_ETAG }), aFile()).status).toBe(200);
    });

    it('is ignored without a Range', () => {
      expect(planDownload(get({ ifRange: OTHER_ETAG }), aFile()).status).toBe(200);
    });
  });

  describe('a zero-length file', () => {
    const empty = aFile({ size_bytes: 0, sha256: 'e'.repeat(64) });

    it('answers 200 with Content-Length 0', () => {
      expect(planDownload(get(), empty)).toMatchObject({ status: 200, headers: { 'content-length': '0' } });
    });

    it.each(['bytes=0-0', 'bytes=0-', 'bytes=-5'])('answers 416 bytes */0 to %s', (range) => {
      const plan = planDownload(get({ range }), empty);
      expect(plan.status).toBe(416);
      expect(plan.headers['content-range']).toBe('bytes */0');
    });
  });

  describe('Content-Disposition', () => {
    const dispositionOf = (name: string): string => {
      const value = planDownload(get(), aFile({ original_filename: name })).headers['content-disposition'];
      expect(value).toBeDefined();
      return value ?? '';
    };
    const parsedName = (name: string): string => {
      const parsed = contentDisposition.parse(dispositionOf(name));
      expect(parsed.type).toBe('attachment');
      return parsed.parameters['filename'] ?? '';
    };

    it.each([
      ['a plain name', 'photo.jpg', 'photo.jpg'],
      ['quotes', 'say "hi".txt', 'say "hi".txt'],
      ['unicode', 'квитанция №1 😀.pdf', 'квитанция №1 😀.pdf'],
      ['percent escapes', '%2e%2e%2fetc', '%2e%2e%2fetc'],
    ])('round-trips %s', (_name, name, expected) => {
      expect(parsedName(name)).toBe(expected);
    });

    it.each([
      '../../etc/passwd',
      '..\\..\\windows\\system32',
      '/',
      '\\',
      'dir/',
      'a\r\nb.txt',
      'tab\tand\u0000nul\u007fdel\u0085nel.txt',
      'x\r\nContent-Type: text/html',
    ])('gives a parsable, single-segment name without control characters for %j', (name) => {
      const value = dispositionOf(name);
      expect(value).not.toMatch(/[\r\n]/);
      const parsed = parsedName(name);
      expect(parsed.length).toBeGreaterThan(0);
      expect(parsed).not.toMatch(/[/\\]/);
      expect(parsed).not.toMatch(/\p{Cc}/u);
      expect(['.', '..']).not.toContain(parsed);
    });

    it('cuts a very long name for the header, keeping the extension', () => {
      const parsed = parsedName(`${'é'.repeat(1000)}.tar.gz`);
      expect(Array.from(parsed)).toHaveLength(255);
      expect(parsed.endsWith('.gz')).toBe(true);
    });

    it('cuts by code points, never splitting a surrogate pair', () => {
      const parsed = parsedName('😀'.repeat(400));
      expect(Array.from(parsed)).toHaveLength(255);
      expect(parsed).not.toMatch(/\uFFFD/);
    });
  });
});
