import type { SearchPosition } from './search-cursor';
import type { SearchRequest, SortField } from './search-request';

/** A parameterized SQL fragment: `$n` placeholders and their values in order. */
export interface SqlFilter {
  /** `WHERE` conditions over `indexed_files f`, joined with AND; `TRUE` when there are none. */
  where: string;
  params: unknown[];
}

export interface SearchPageSql {
  sql: string;
  params: unknown[];
}

/** Collects values and hands out their placeholders. */
class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The value in LIKE's pattern language, matching itself only (`\` is LIKE's default escape). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function tsQuery(params: Parameters, query: string): string {
  return `websearch_to_tsquery('simple', ${params.add(query)})`;
}

function conditionsOf(request: SearchRequest, params: Parameters): string[] {
  const conditions: string[] = [];
  if (request.query !== undefined) {
    conditions.push(`f.search_vector @@ ${tsQuery(params, request.query)}`);
  }
  if (request.filename !== undefined) {
    // prefix and contains ignore case (trigram index); exact is exact.
    switch (request.filename_match) {
      case 'exact':
        conditions.push(`f.original_filename = ${params.add(request.filename)}`);
        break;
      case 'prefix':
        conditions.push(`f.original_filename ILIKE ${params.add(`${escapeLike(request.filename)}%`)}`);
        break;
      case 'contains':
        conditions.push(`f.original_filename ILIKE ${params.add(`%${escapeLike(request.filename)}%`)}`);
        break;
    }
  }
  if (request.content_type !== undefined) {
    conditions.push(`f.content_type = ${params.add(request.content_type)}`);
  }
  if (request.extension !== undefined) {
    conditions.push(`f.original_filename ILIKE ${params.add(`%.${escapeLike(request.extension)}`)}`);
  }
  if (request.tags.length > 0) {
    conditions.push(`f.tags @> ${params.add(request.tags)}::text[]`);
  }
  const equal = [
    ['uploaded_by', request.uploaded_by],
    ['retention_policy', request.retention_policy],
    ['storage_element_id', request.storage_element_id],
  ] as const;
  for (const [column, value] of equal) {
    if (value !== undefined) {
      conditions.push(`f.${column} = ${params.add(value)}`);
    }
  }
  if (request.min_size !== undefined) {
    conditions.push(`f.size_bytes >= ${params.add(request.min_size)}::bigint`);
  }
  if (request.max_size !== undefined) {
    conditions.push(`f.size_bytes <= ${params.add(request.max_size)}::bigint`);
  }
  if (request.created_after !== undefined) {
    conditions.push(`f.created_at >= ${params.add(request.created_after)}::timestamptz`);
  }
  if (request.created_before !== undefined) {
    conditions.push(`f.created_at < ${params.add(request.created_before)}::timestamptz`);
  }
  for (const filter of request.metadata) {
    // Containment (@>) uses the jsonb_path_ops index; an object or array value matches by containment.
    const alternatives = filter.anyOf.map(
      (wanted) => `f.metadata @> ${params.add(JSON.stringify({ [filter.key]: wanted }))}::jsonb`,
    );
    conditions.push(alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`);
  }
  return conditions;
}

/** The search's filters alone (what `total` counts). */
export function buildSearchFilter(request: SearchRequest): SqlFilter {
  const params = new Parameters();
  const conditions = conditionsOf(request, params);
  return { where: conditions.length > 0 ? conditions.join(' AND ') : 'TRUE', params: params.values };
}

function sortKey(
  sortBy: SortField,
  request: SearchRequest,
  params: Parameters,
): { expression: string; cast: string } {
  switch (sortBy) {
    case 'created_at':
      return { expression: 'f.created_at', cast: 'timestamptz' };
    case 'size_bytes':
      return { expression: 'f.size_bytes', cast: 'bigint' };
    case 'filename':
      // Byte order: the same everywhere, and what the (original_filename COLLATE "C", file_id) index holds.
      return { expression: '(f.original_filename COLLATE "C")', cast: 'text' };
    case 'relevance':
      return {
        expression: `ts_rank(f.search_vector, ${tsQuery(params, request.query ?? '')})`,
        cast: 'real',
      };
  }
}

/**
 * One page in (sort key, file_id) order, after `after` when given; `limit + 1` rows so the caller knows
 * whether another page follows. Each row also carries `sort_key`, the key as text for the next cursor.
 */
export function buildSearchPage(
  request: SearchRequest,
  after: SearchPosition | undefined,
  columns: string,
): SearchPageSql {
  const params = new Parameters();
  const conditions = conditionsOf(request, params);
  const key = sortKey(request.sort_by, request, params);
  const direction = request.sort_order === 'asc' ? 'ASC' : 'DESC';
  if (after) {
    const comparison = request.sort_order === 'asc' ? '>' : '<';
    conditions.push(
      `(${key.expression}, f.file_id) ${comparison} (${params.add(after.key)}::${key.cast}, ${params.add(after.fileId)}::uuid)`,
    );
  }
  const where = conditions.length > 0 ? conditions.join(' AND ') : 'TRUE';
  const limit = params.add(request.limit + 1);
  return {
    sql: `SELECT ${columns}, (${key.expression})::text AS sort_key FROM indexed_files f WHERE ${where}
      ORDER BY ${key.expression} ${direction}, f.file_id ${direction} LIMIT ${limit}`,
    params: params.values,
  };
}
