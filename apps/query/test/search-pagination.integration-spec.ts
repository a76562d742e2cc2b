import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMetadata } from '@artstore/contracts';
import { aFile, publishEvents } from './file-events-fixtures';
import { postJson, QueryStack, type QueryInstance } from './query-stack';

interface Page {
  items: FileMetadata[];
  next_cursor: string | null;
  total: number;
  total_is_estimate: boolean;
}

const BULK = 5_000;
const EXACT_TOTAL_LIMIT = 1_000;

describe('search pagination over 5,000 files', () => {
  let stack: QueryStack;
  let query: QueryInstance;
  let bulkIds: string[];

  beforeAll(async () => {
    stack = await QueryStack.start({ SEARCH_EXACT_TOTAL_LIMIT: String(EXACT_TOTAL_LIMIT) });
    query = await stack.startInstance();
    // One statement instead of 5,000 events: the index rows as the consumer would write them.
    // Few distinct sizes and names, so most sort keys tie and file_id decides.
    const inserted = await stack.pool.query<{ file_id: string }>(
      `INSERT INTO indexed_files (file_id, original_filename, content_type, size_bytes, sha256, storage_element_id,
         created_at, updated_at, uploaded_by, retention_policy, ttl_expires_at, description, tags, metadata,
         version, event_occurred_at)
       SELECT gen_random_uuid(), 'bulk-' || (i % 50) || '.bin', 'application/octet-stream', i % 7, repeat('0', 64),
         'se-01', timestamptz '2026-01-01' + (i % 1000) * interval '1 second', now(), 'bulk', 'permanent', NULL,
         'bulk file', ARRAY['bulk'], '{}'::jsonb, 1, now()
       FROM generate_series(1, $1) AS i
       RETURNING file_id`,
      [BULK],
    );
    bulkIds = inserted.rows.map((row) => row.file_id);
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function search(body: Record<string, unknown>): Promise<Page> {
    const { status, body: page } = await postJson(`${query.url}/api/v1/search`, stack.token(), body);
    expect(status, JSON.stringify(page)).toBe(200);
    return page as Page;
  }

  /** Pages through the search while files are added between pages; every id it saw, in order. */
  async function pageThrough(body: Record<string, unknown>): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const page: Page = await search({ ...body, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((item) => item.file_id));
      cursor = page.next_cursor;
      round += 1;
      // New files land before, inside and after the part already read.
      const added = [0, 3, 6].map((size) =>
        aFile({
          original_filename: `bulk-${round % 50}.bin`,
          size_bytes: size,
          uploaded_by: 'bulk',
          tags: ['bulk'],
          created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, (round * 37) % 1000)).toISOString(),
        }),
      );
      await publishEvents(
        stack.redis,
        stack.prefix,
        added.map((file) => ({ type: 'file.created' as const, file })),
      );
    } while (cursor);
    return seen;
  }

  function expectEachBulkFileOnce(seen: readonly string[]): void {
    expect(new Set(seen).size).toBe(seen.length);
    const seenIds = new Set(seen);
    expect(bulkIds.filter((id) => !seenIds.has(id))).toEqual([]);
  }

  it.each([
    ['created_at ascending', { sort_by: 'created_at', sort_order: 'asc', limit: 1_000 }],
    ['size descending (ties)', { sort_by: 'size_bytes', sort_order: 'desc', limit: 1_000 }],
    ['filename ascending (ties)', { sort_by: 'filename', sort_order: 'asc', limit: 1_000 }],
  ])('returns every file exactly once by %s while files are added', async (_case, sort) => {
    const before = await stack.pool.query<{ files: number }>(
      'SELECT count(*)::int AS files FROM indexed_files',
    );
    const seen = await pageThrough({ uploaded_by: 'bulk', ...sort });
    expectEachBulkFileOnce(seen);
    await stack.drained();
    // The index really did change under the paging.
    const after = await stack.pool.query<{ files: number }>(
      'SELECT count(*)::int AS files FROM indexed_files',
    );
    expect(after.rows[0]?.files).toBeGreaterThan(before.rows[0]?.files ?? Number.POSITIVE_INFINITY);
  });

  it('estimates a total above the exact limit and says so', async () => {
    const broad = await search({ limit: 1 });
    expect(broad.total_is_estimate).toBe(true);
    expect(broad.total).toBeGreaterThan(EXACT_TOTAL_LIMIT);
    const narrow = await search({ max_size: 0, created_before: '2026-01-01T00:05:00Z', limit: 1 });
    expect(narrow.total_is_estimate).toBe(false);
    expect(narrow.total).toBeLessThanOrEqual(EXACT_TOTAL_LIMIT);
  });
});
