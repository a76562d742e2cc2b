import { describe, expect, it } from 'vitest';
import type { SearchRequest } from './search-request';
import { buildSearchFilter, buildSearchPage, escapeLike } from './search-sql';

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

describe('escapeLike', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('50%_off\\x')).toBe('50\\%\\_off\\\\x');
  });
});

describe('buildSearchFilter', () => {
  it('matches everything without filters', () => {
    expect(buildSearchFilter(aRequest())).toEqual({ where: 'TRUE', params: [] });
  });

  it('puts every value in a parameter, in placeholder order', () => {
    const filter = buildSearchFilter(
      aRequest({
        query: "walrus' OR 1=1",
        filename: '50%',
        filename_match: 'contains',
        content_type: 'image/png',
        extension: 'png',
        tags: ['a', 'b'],
        uploaded_by: 'alice',
        min_size: 1,
        max_size: 9,
        created_after: '2026-01-01T00:00:00.000Z',
        created_before: '2026-02-01T00:00:00.000Z',
        retention_policy: 'permanent',
        storage_element_id: 'se-01',
        metadata: [{ key: 'k', anyOf: ['3', 3] }],
      }),
    );
    expect(filter.where).toBe(
      [
        "f.search_vector @@ websearch_to_tsquery('simple', $1)",
        'f.original_filename ILIKE $2',
        'f.content_type = $3',
        'f.original_filename ILIKE $4',
        'f.tags @> $5::text[]',
        'f.uploaded_by = $6',
        'f.retention_policy = $7',
        'f.storage_element_id = $8',
        'f.size_bytes >= $9::bigint',
        'f.size_bytes <= $10::bigint',
        'f.created_at >= $11::timestamptz',
        'f.created_at < $12::timestamptz',
        '(f.metadata @> $13::jsonb OR f.metadata @> $14::jsonb)',
      ].join(' AND '),
    );
    expect(filter.params).toEqual([
      "walrus' OR 1=1",
      '%50\\%%',
      'image/png',
      '%.png',
      ['a', 'b'],
      'alice',
      'permanent',
      'se-01',
      1,
      9,
      '2026-01-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
      '{"k":"3"}',
      '{"k":3}',
    ]);
  });

  it.each([
    ['exact', 'f.original_filename = $1', 'a_b'],
    ['prefix', 'f.original_filename ILIKE $1', 'a\\_b%'],
    ['contains', 'f.original_filename ILIKE $1', '%a\\_b%'],
  ] as const)('matches a filename %s', (match, where, param) => {
    expect(buildSearchFilter(aRequest({ filename: 'a_b', filename_match: match }))).toEqual({
      where,
      params: [param],
    });
  });
});

describe('buildSearchPage', () => {
  it('orders by the key and file id, one row more than the limit', () => {
    const page = buildSearchPage(
      aRequest({ sort_by: 'size_bytes', sort_order: 'asc', limit: 10 }),
      undefined,
      'f.*',
    );
    expect(page.sql).toContain('ORDER BY f.size_bytes ASC, f.file_id ASC LIMIT $1');
    expect(page.params).toEqual([11]);
  });

  it('continues after the cursor position, in the sort direction', () => {
    const page = buildSearchPage(
      aRequest({ sort_by: 'filename', sort_order: 'desc', tags: ['t'] }),
      { key: 'b.txt', fileId: '0190f5a2-1b2c-7d3e-8f40-123456789abc' },
      'f.*',
    );
    expect(page.sql).toContain('((f.original_filename COLLATE "C"), f.file_id) < ($2::text, $3::uuid)');
    expect(page.sql).toContain('ORDER BY (f.original_filename COLLATE "C") DESC, f.file_id DESC LIMIT $4');
    expect(page.params).toEqual([['t'], 'b.txt', '0190f5a2-1b2c-7d3e-8f40-123456789abc', 101]);
  });

  it('ranks by the full-text query for relevance', () => {
    const page = buildSearchPage(aRequest({ query: 'walrus', sort_by: 'relevance' }), undefined, 'f.*');
    expect(page.sql).toContain("ORDER BY ts_rank(f.search_vector, websearch_to_tsquery('simple', $2)) DESC");
    expect(page.params).toEqual(['walrus', 'walrus', 101]);
  });
});
