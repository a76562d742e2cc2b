import { describe, expect, it } from 'vitest';
import { searchBodySchema, searchQuerySchema } from './search.schemas';

describe('searchQuerySchema', () => {
  it('reads repeated and comma-separated tags, metadata.<key> and numbers', () => {
    const parsed = searchQuerySchema.parse({
      tags: ['a,b', ' c '],
      'metadata.count': '3',
      'metadata.name': 'x',
      min_size: '10',
      limit: '5',
    });
    expect(parsed).toMatchObject({
      tags: ['a', 'b', 'c'],
      metadata: [
        { key: 'count', anyOf: ['3', 3] },
        { key: 'name', anyOf: ['x'] },
      ],
      min_size: 10,
      limit: 5,
      sort_by: 'created_at',
      sort_order: 'desc',
    });
  });

  it('refuses a repeated single-valued parameter', () => {
    expect(searchQuerySchema.safeParse({ uploaded_by: ['a', 'b'] }).success).toBe(false);
  });
});

describe('searchBodySchema', () => {
  it('sorts by relevance when there is a query, and by filename ascending', () => {
    expect(searchBodySchema.parse({ query: 'x' })).toMatchObject({
      sort_by: 'relevance',
      sort_order: 'desc',
    });
    expect(searchBodySchema.parse({ sort_by: 'filename' })).toMatchObject({ sort_order: 'asc', limit: 100 });
  });

  it('normalizes the extension and timestamps', () => {
    expect(
      searchBodySchema.parse({ extension: '.PDF', created_after: '2026-01-01T01:00:00+01:00' }),
    ).toMatchObject({ extension: 'pdf', created_after: '2026-01-01T00:00:00.000Z' });
  });

  it.each([
    [{ sort_by: 'relevance' }],
    [{ filename_match: 'prefix' }],
    [{ limit: 1001 }],
    [{ sort_by: 'owner' }],
    [{ min_size: 2, max_size: 1 }],
  ])('refuses %j', (body) => {
    expect(searchBodySchema.safeParse(body).success).toBe(false);
  });
});
