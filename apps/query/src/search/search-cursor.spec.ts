import { describe, expect, it } from 'vitest';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor';
import type { SearchRequest } from './search-request';
import { SearchError } from './search.errors';

const FILE_ID = '0190f5a2-1b2c-7d3e-8f40-123456789abc';

function aRequest(overrides: Partial<SearchRequest> = {}): SearchRequest {
  return {
    filename_match: 'exact',
    tags: [],
    metadata: [],
    sort_by: 'created_at',
    sort_order: 'desc',
    limit: 100,
    ...overrides,
  };
}

const encoded = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');

describe('search cursor', () => {
  it('decodes what it encoded for the same search', () => {
    const request = aRequest({ tags: ['x'] });
    const cursor = encodeSearchCursor(request, { key: '2026-01-01 00:00:00+00', fileId: FILE_ID });
    expect(decodeSearchCursor({ ...request, limit: 5, cursor }, cursor)).toEqual({
      key: '2026-01-01 00:00:00+00',
      fileId: FILE_ID,
    });
  });

  it.each([
    ['another sort field', { sort_by: 'size_bytes' as const }],
    ['another sort order', { sort_order: 'asc' as const }],
    ['other filters', { tags: ['y'] }],
  ])('refuses a cursor used with %s', (_case, overrides) => {
    const request = aRequest({ tags: ['x'] });
    const cursor = encodeSearchCursor(request, { key: '2026-01-01 00:00:00+00', fileId: FILE_ID });
    expect(() => decodeSearchCursor({ ...request, ...overrides }, cursor)).toThrow(SearchError);
  });

  it.each([
    ['not base64url', '***'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['a JSON array', encoded([])],
    ['an unknown sort', encoded({ s: 'name', o: 'desc', f: '', k: '1', id: FILE_ID })],
    ['a bad file id', encoded({ s: 'size_bytes', o: 'desc', f: '', k: '1', id: 'x' })],
    ['a key that is not a size', encoded({ s: 'size_bytes', o: 'desc', f: '', k: '1; DROP', id: FILE_ID })],
    [
      'a key that is not a timestamp',
      encoded({ s: 'created_at', o: 'desc', f: '', k: 'today', id: FILE_ID }),
    ],
    ['a key that is not a rank', encoded({ s: 'relevance', o: 'desc', f: '', k: 'high', id: FILE_ID })],
  ])('refuses %s', (_case, cursor) => {
    expect(() => decodeSearchCursor(aRequest(), cursor)).toThrow(SearchError);
  });
});
