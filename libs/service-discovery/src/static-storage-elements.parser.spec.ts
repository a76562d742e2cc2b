import { describe, expect, it } from 'vitest';
import { ServiceDiscoveryError, ServiceDiscoveryErrorCode } from './service-discovery.errors';
import { parseStaticStorageElements } from './static-storage-elements.parser';

const UNKNOWN = Number.MAX_SAFE_INTEGER;

function parseFailure(value: string): ServiceDiscoveryError {
  try {
    parseStaticStorageElements(value);
  } catch (error) {
    if (error instanceof ServiceDiscoveryError) {
      return error;
    }
    throw error;
  }
  throw new Error(`"${value}" was accepted`);
}

describe('parseStaticStorageElements', () => {
  describe('comma list', () => {
    it('parses id=url entries with defaults for everything else', () => {
      expect(parseStaticStorageElements('se-01=http://se-01:8010, se-02=https://se-02.example/base')).toEqual(
        [
          {
            id: 'se-01',
            url: 'http://se-01:8010',
            mode: 'rw',
            priority: 100,
            capacity_bytes: UNKNOWN,
            used_bytes: 0,
            free_bytes: UNKNOWN,
            status: 'online',
          },
          expect.objectContaining({ id: 'se-02', url: 'https://se-02.example/base', mode: 'rw' }),
        ],
      );
    });

    it('reads the optional mode and priority after the URL', () => {
      const [element] = parseStaticStorageElements('se-01=http://se-01:8010;mode=edit;priority=1');
      expect(element).toMatchObject({ id: 'se-01', url: 'http://se-01:8010', mode: 'edit', priority: 1 });
    });

    it('keeps an = inside the URL', () => {
      const [element] = parseStaticStorageElements('se-01=http://se-01:8010/?a=b');
      expect(element?.url).toBe('http://se-01:8010/?a=b');
    });

    it('drops empty entries', () => {
      expect(parseStaticStorageElements(',se-01=http://se-01:8010,,')).toHaveLength(1);
    });

    it.each([
      ['an entry without =', 'se-01'],
      ['an entry without id', '=http://se-01:8010'],
      ['a non-URL', 'se-01=not a url'],
      ['a non-http URL', 'se-01=ftp://se-01'],
      ['an unknown option', 'se-01=http://se-01:8010;weight=2'],
      ['an unknown mode', 'se-01=http://se-01:8010;mode=fast'],
      ['a negative priority', 'se-01=http://se-01:8010;priority=-1'],
      ['a non-numeric priority', 'se-01=http://se-01:8010;priority=high'],
      ['an empty priority', 'se-01=http://se-01:8010;priority='],
      ['a repeated id', 'se-01=http://a:1,se-01=http://b:2'],
    ])('refuses %s', (_case, value) => {
      expect(parseFailure(value).code).toBe(ServiceDiscoveryErrorCode.InvalidStaticElements);
    });

    it('names the variable and the offending entry', () => {
      expect(parseFailure('se-01').message).toMatch(/ARTSTORE_STORAGE_ELEMENTS.*"se-01" is not id=url/);
    });
  });

  describe('JSON array', () => {
    it('parses endpoints, defaulting what is left out', () => {
      const value = JSON.stringify([
        { id: 'se-01', url: 'http://se-01:8010', mode: 'edit', priority: 1 },
        { id: 'se-02', url: 'http://se-02:8011', capacity_bytes: 1_000, used_bytes: 400, status: 'degraded' },
      ]);
      expect(parseStaticStorageElements(value)).toEqual([
        expect.objectContaining({ id: 'se-01', mode: 'edit', priority: 1, free_bytes: UNKNOWN }),
        {
          id: 'se-02',
          url: 'http://se-02:8011',
          mode: 'rw',
          priority: 100,
          capacity_bytes: 1_000,
          used_bytes: 400,
          free_bytes: 600,
          status: 'degraded',
        },
      ]);
    });

    it('accepts a full published element as is', () => {
      const element = {
        id: 'se-03',
        url: 'http://se-03:8012',
        mode: 'ro',
        priority: 5,
        capacity_bytes: 10,
        used_bytes: 10,
        free_bytes: 0,
        status: 'offline',
      };
      expect(parseStaticStorageElements(`  ${JSON.stringify([element])}  `)).toEqual([element]);
    });

    it.each([
      ['malformed JSON', '[{"id":'],
      ['an object instead of an array', '{"id":"se-01","url":"http://a:1"}'],
      ['a missing url', '[{"id":"se-01"}]'],
      ['a missing id', '[{"url":"http://a:1"}]'],
      ['a string priority', '[{"id":"se-01","url":"http://a:1","priority":"1"}]'],
      ['a fractional byte count', '[{"id":"se-01","url":"http://a:1","capacity_bytes":1.5}]'],
      ['an unknown status', '[{"id":"se-01","url":"http://a:1","status":"up"}]'],
      ['a repeated id', '[{"id":"se-01","url":"http://a:1"},{"id":"se-01","url":"http://b:1"}]'],
    ])('refuses %s', (_case, value) => {
      expect(parseFailure(value).code).toBe(ServiceDiscoveryErrorCode.InvalidStaticElements);
    });

    it('names the field at fault', () => {
      expect(parseFailure('[{"id":"se-01"}]').message).toMatch(/0\.url/);
    });
  });

  it('reads an empty or blank value as no elements', () => {
    expect(parseStaticStorageElements('')).toEqual([]);
    expect(parseStaticStorageElements('  ')).toEqual([]);
  });
});
