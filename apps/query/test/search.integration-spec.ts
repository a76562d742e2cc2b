import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMetadata } from '@artstore/contracts';
import { aFile, publishEvents } from './file-events-fixtures';
import { getJson, postJson, QueryStack, type QueryInstance } from './query-stack';

interface Page {
  items: FileMetadata[];
  next_cursor: string | null;
  total: number;
  total_is_estimate: boolean;
}

const day = (n: number) => `2026-01-0${n}T00:00:00.000Z`;

const files = {
  f1: aFile({
    original_filename: 'Q3-report.pdf',
    size_bytes: 100,
    tags: ['finance', 'q3'],
    created_at: day(1),
    metadata: { project: 'apollo', count: 3 },
    description: 'quarterly walrus figures',
  }),
  f2: aFile({
    original_filename: 'holiday_photo.JPG',
    content_type: 'image/jpeg',
    size_bytes: 5000,
    tags: ['photos'],
    uploaded_by: 'bob',
    created_at: day(2),
    retention_policy: 'permanent',
    ttl_expires_at: null,
    storage_element_id: 'se-02',
    metadata: { project: 'gemini' },
    description: 'beach at sunset',
  }),
  f3: aFile({
    original_filename: 'report-final.docx',
    content_type: 'application/msword',
    size_bytes: 300,
    created_at: day(3),
    retention_policy: 'permanent',
    ttl_expires_at: null,
    metadata: { project: 'apollo', draft: true },
    description: 'final numbers',
  }),
  f4: aFile({
    original_filename: '50%_off.txt',
    content_type: 'text/plain',
    size_bytes: 10,
    tags: ['promo', 'finance'],
    uploaded_by: 'carol',
    created_at: day(4),
    storage_element_id: 'se-02',
    metadata: {},
    description: 'discount flyer',
  }),
  f5: aFile({
    original_filename: 'archive.tar.gz',
    content_type: 'application/gzip',
    size_bytes: 99_999,
    tags: [],
    uploaded_by: 'bob',
    created_at: day(5),
    retention_policy: 'permanent',
    ttl_expires_at: null,
    metadata: { nested: { a: 1 } },
    description: 'backup of walrus data',
  }),
  f6: aFile({
    original_filename: '50xyoff.txt',
    content_type: 'text/plain',
    size_bytes: 20,
    tags: [],
    uploaded_by: 'carol',
    created_at: day(6),
    metadata: { count: '3' },
    description: 'lookalike',
  }),
};
type Name = keyof typeof files;
const nameOf = new Map(Object.entries(files).map(([name, file]) => [file.file_id, name]));

describe('search', () => {
  let stack: QueryStack;
  let query: QueryInstance;

  beforeAll(async () => {
    stack = await QueryStack.start();
    query = await stack.startInstance();
    await publishEvents(
      stack.redis,
      stack.prefix,
      Object.values(files).map((file) => ({ type: 'file.created' as const, file })),
    );
    await stack.drained();
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function search(body: unknown): Promise<Page> {
    const { status, body: page } = await postJson(`${query.url}/api/v1/search`, stack.token(), body);
    expect(status, JSON.stringify(page)).toBe(200);
    return page as Page;
  }

  async function list(parameters: string): Promise<Page> {
    const { status, body } = await getJson(`${query.url}/api/v1/files?${parameters}`, stack.token());
    expect(status, JSON.stringify(body)).toBe(200);
    return body as Page;
  }

  const names = (page: Page) => page.items.map((item) => nameOf.get(item.file_id));
  const sorted = (page: Page) => names(page).sort();

  it('answers every file, newest first, with an exact total', async () => {
    const page = await search({});
    expect(names(page)).toEqual(['f6', 'f5', 'f4', 'f3', 'f2', 'f1']);
    expect(page).toMatchObject({ total: 6, total_is_estimate: false, next_cursor: null });
    expect(page.items[5]).toEqual(files.f1);
  });

  it.each<[string, Record<string, unknown>, Name[]]>([
    ['a word of the description', { query: 'walrus' }, ['f1', 'f5']],
    ['a tag as a word', { query: 'finance' }, ['f1', 'f3', 'f4']],
    ['a word of a filename', { query: 'report' }, ['f1', 'f3']],
    ['words together', { query: 'walrus backup' }, ['f5']],
    ['an exact filename', { filename: 'archive.tar.gz' }, ['f5']],
    ['a filename prefix, ignoring case', { filename: 'REPORT', filename_match: 'prefix' }, ['f3']],
    ['a filename part', { filename: 'report', filename_match: 'contains' }, ['f1', 'f3']],
    ['a % literally', { filename: '50%', filename_match: 'contains' }, ['f4']],
    ['an _ literally', { filename: '_', filename_match: 'contains' }, ['f2', 'f4']],
    ['a prefix with wildcards', { filename: '50%_', filename_match: 'prefix' }, ['f4']],
    ['a content type', { content_type: 'text/plain' }, ['f4', 'f6']],
    ['an extension, ignoring case', { extension: 'jpg' }, ['f2']],
    ['a double extension', { extension: '.tar.gz' }, ['f5']],
    ['one tag', { tags: ['finance'] }, ['f1', 'f3', 'f4']],
    ['all of several tags', { tags: ['finance', 'q3'] }, ['f1']],
    ['the uploader', { uploaded_by: 'bob' }, ['f2', 'f5']],
    ['a minimum size', { min_size: 300 }, ['f2', 'f3', 'f5']],
    ['a maximum size', { max_size: 20 }, ['f4', 'f6']],
    ['created after (inclusive)', { created_after: day(5) }, ['f5', 'f6']],
    ['created before (exclusive)', { created_before: '2026-01-03T00:00:00+00:00' }, ['f1', 'f2']],
    ['a retention policy', { retention_policy: 'permanent' }, ['f2', 'f3', 'f5']],
    ['a storage element', { storage_element_id: 'se-02' }, ['f2', 'f4']],
    ['a metadata value', { metadata: { project: 'apollo' } }, ['f1', 'f3']],
    ['a metadata number', { metadata: { count: 3 } }, ['f1']],
    ['a nested metadata value', { metadata: { nested: { a: 1 } } }, ['f5']],
    ['two metadata keys', { metadata: { project: 'apollo', draft: true } }, ['f3']],
  ])('filters by %s', async (_case, body, expected) => {
    const page = await search(body);
    expect(sorted(page)).toEqual([...expected].sort());
    expect(page.total).toBe(expected.length);
  });

  it('matches a tag word in the full text', async () => {
    expect(sorted(await search({ query: 'photos' }))).toEqual(['f2']);
  });

  it('combines filters', async () => {
    expect(sorted(await search({ query: 'walrus', uploaded_by: 'alice' }))).toEqual(['f1']);
    expect(sorted(await search({ tags: ['finance'], retention_policy: 'temporary', max_size: 50 }))).toEqual([
      'f4',
    ]);
    expect(
      sorted(
        await search({
          metadata: { project: 'apollo' },
          created_after: day(2),
          storage_element_id: 'se-01',
          filename: 'docx',
          filename_match: 'contains',
        }),
      ),
    ).toEqual(['f3']);
  });

  it('takes the same filters as query parameters', async () => {
    expect(sorted(await list('tags=finance,q3'))).toEqual(['f1']);
    expect(sorted(await list('tags=finance&tags=promo'))).toEqual(['f4']);
    expect(sorted(await list('metadata.project=apollo&metadata.count=3'))).toEqual(['f1']);
    // A query string is text: "3" matches the number 3 and the string "3".
    expect(sorted(await list('metadata.count=3'))).toEqual(['f1', 'f6']);
    expect(sorted(await list('query=walrus&min_size=1000&sort_by=size_bytes'))).toEqual(['f5']);
    expect(sorted(await list(`filename=${encodeURIComponent('50%')}&filename_match=prefix`))).toEqual(['f4']);
    expect(sorted(await list('extension=txt&uploaded_by=carol&created_before=2026-01-05T00:00:00Z'))).toEqual(
      ['f4'],
    );
  });

  it.each<[string, Record<string, unknown>, Name[]]>([
    [
      'created_at ascending',
      { sort_by: 'created_at', sort_order: 'asc' },
      ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'],
    ],
    ['size ascending', { sort_by: 'size_bytes', sort_order: 'asc' }, ['f4', 'f6', 'f1', 'f3', 'f2', 'f5']],
    ['size descending', { sort_by: 'size_bytes', sort_order: 'desc' }, ['f5', 'f2', 'f3', 'f1', 'f6', 'f4']],
    // Byte order: digits, then upper case, then lower case.
    ['filename (ascending by default)', { sort_by: 'filename' }, ['f4', 'f6', 'f1', 'f5', 'f2', 'f3']],
    [
      'filename descending',
      { sort_by: 'filename', sort_order: 'desc' },
      ['f3', 'f2', 'f5', 'f1', 'f6', 'f4'],
    ],
  ])('sorts by %s, page by page', async (_case, body, expected) => {
    expect(names(await search(body))).toEqual(expected);
    const seen: (string | undefined)[] = [];
    let cursor: string | undefined;
    do {
      const page = await search({ ...body, limit: 4, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(6);
      seen.push(...names(page));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it('sorts by relevance, the default with a query, and pages through it', async () => {
    const all = await search({ query: 'walrus' });
    const byRelevance = await search({ query: 'walrus', sort_by: 'relevance', sort_order: 'desc' });
    expect(names(all)).toEqual(names(byRelevance));
    const first = await search({ query: 'walrus', limit: 1 });
    const second = await search({ query: 'walrus', limit: 1, cursor: first.next_cursor });
    expect([...names(first), ...names(second)]).toEqual(names(all));
    expect(second.next_cursor).toBeNull();
    const ascending = await search({ query: 'walrus', sort_by: 'relevance', sort_order: 'asc' });
    expect(names(ascending)).toEqual([...names(all)].reverse());
  });

  it.each<[string, unknown]>([
    ['an unknown sort field', { sort_by: 'name' }],
    ['relevance without a query', { sort_by: 'relevance' }],
    ['an unknown sort order', { sort_order: 'up' }],
    ['a limit of 0', { limit: 0 }],
    ['a limit above 1000', { limit: 1001 }],
    ['a fractional limit', { limit: 1.5 }],
    ['an unknown field', { colour: 'red' }],
    ['filename_match without filename', { filename_match: 'prefix' }],
    ['an unknown filename_match', { filename: 'a', filename_match: 'regex' }],
    ['tags that are not a list', { tags: 'finance' }],
    ['a negative size', { min_size: -1 }],
    ['min_size above max_size', { min_size: 10, max_size: 5 }],
    ['a timestamp without a zone', { created_after: '2026-01-01T00:00:00' }],
    ['an unknown retention policy', { retention_policy: 'forever' }],
    ['metadata that is not an object', { metadata: ['a'] }],
    ['a malformed cursor', { cursor: 'not-a-cursor' }],
    ['a NUL character', { query: 'a\u0000b' }],
  ])('refuses %s with 400', async (_case, body) => {
    const response = await postJson(`${query.url}/api/v1/search`, stack.token(), body);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.type).toMatch(/^application\/problem\+json/);
  });

  it('refuses a cursor with other filters or another sort', async () => {
    const page = await search({ tags: ['finance'], limit: 1 });
    const cursor = page.next_cursor;
    expect(cursor).not.toBeNull();
    for (const body of [
      { tags: ['photos'], limit: 1, cursor },
      { tags: ['finance'], sort_order: 'asc', limit: 1, cursor },
      { tags: ['finance'], sort_by: 'size_bytes', limit: 1, cursor },
    ]) {
      const response = await postJson(`${query.url}/api/v1/search`, stack.token(), body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_cursor' });
    }
  });

  it.each([
    ['a repeated scalar', 'uploaded_by=a&uploaded_by=b'],
    ['a repeated metadata key', 'metadata.project=a&metadata.project=b'],
    ['a bare metadata parameter', 'metadata=x'],
    ['an unknown parameter', 'colour=red'],
    ['a limit that is not a number', 'limit=ten'],
    ['an unknown sort field', 'sort_by=owner'],
    ['a size that is not a number', 'max_size=1e3'],
  ])('refuses %s in the query string with 400', async (_case, parameters) => {
    const response = await getJson(`${query.url}/api/v1/files?${parameters}`, stack.token());
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.type).toMatch(/^application\/problem\+json/);
  });

  it('answers metadata by id, 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await getJson(`${query.url}/api/v1/files/${files.f2.file_id}`, stack.token())).body).toEqual(
      files.f2,
    );
    const unknown = await getJson(`${query.url}/api/v1/files/${aFile().file_id}`, stack.token());
    expect(unknown).toMatchObject({ status: 404, body: { code: 'file_not_found' } });
    expect(unknown.type).toMatch(/^application\/problem\+json/);
    const malformed = await getJson(`${query.url}/api/v1/files/NOT-AN-ID`, stack.token());
    expect(malformed).toMatchObject({ status: 400, body: { code: 'invalid_input' } });
  });

  it('needs files:read', async () => {
    const token = stack.issuer.mint({ role: 'readonly', claims: { permissions: ['storage:read'] } });
    expect((await postJson(`${query.url}/api/v1/search`, token, {})).status).toBe(403);
    expect((await getJson(`${query.url}/api/v1/files`, token)).status).toBe(403);
    expect((await getJson(`${query.url}/api/v1/files/${files.f1.file_id}`, token)).status).toBe(403);
  });

  it('records search latency', async () => {
    const metrics = await (await fetch(`${query.url}/metrics`)).text();
    expect(metrics).toMatch(/^query_search_duration_seconds_count\{sort_by="created_at"\} [1-9]/m);
  });
});
