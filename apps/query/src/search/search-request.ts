import type { RetentionPolicy } from '@artstore/contracts';

export const SORT_FIELDS = ['created_at', 'size_bytes', 'filename', 'relevance'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortOrder = 'asc' | 'desc';

/** One metadata condition: the value under `key` equals (JSON containment) any of `anyOf`. */
export interface MetadataFilter {
  key: string;
  anyOf: unknown[];
}

/** A validated search, whichever transport it came by (SPEC §8). */
export interface SearchRequest {
  query?: string | undefined;
  filename?: string | undefined;
  filename_match: 'exact' | 'prefix' | 'contains';
  content_type?: string | undefined;
  /** Lowercase, without the leading dot. */
  extension?: string | undefined;
  tags: string[];
  uploaded_by?: string | undefined;
  min_size?: number | undefined;
  max_size?: number | undefined;
  created_after?: string | undefined;
  created_before?: string | undefined;
  retention_policy?: RetentionPolicy | undefined;
  storage_element_id?: string | undefined;
  metadata: MetadataFilter[];
  sort_by: SortField;
  sort_order: SortOrder;
  limit: number;
  cursor?: string | undefined;
}

/** The filters alone: what a cursor is bound to. */
export function filtersOf(
  request: SearchRequest,
): Omit<SearchRequest, 'sort_by' | 'sort_order' | 'limit' | 'cursor'> {
  const { sort_by: _sortBy, sort_order: _sortOrder, limit: _limit, cursor: _cursor, ...filters } = request;
  return filters;
}
