import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { INDEXED_FILE_COLUMNS, type IndexedFileRow } from '../file-index/indexed-file.row';
import type { SearchPosition } from './search-cursor';
import type { SearchRequest } from './search-request';
import { buildSearchFilter, buildSearchPage } from './search-sql';

export type SearchRow = IndexedFileRow & { sort_key: string };

/** How many files match: exact up to the limit, otherwise the planner's estimate (at least limit + 1). */
export interface MatchCount {
  total: number;
  estimate: boolean;
}

interface PlanNode {
  Plan?: { 'Plan Rows'?: number };
}

/** Reads of `indexed_files` for search; every value travels as a parameter. */
@Injectable()
export class SearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(request: SearchRequest, after: SearchPosition | undefined): Promise<SearchRow[]> {
    const { sql, params } = buildSearchPage(request, after, INDEXED_FILE_COLUMNS);
    return this.dataSource.query(sql, params);
  }

  async count(request: SearchRequest, exactLimit: number): Promise<MatchCount> {
    const { where, params } = buildSearchFilter(request);
    // Counting stops after exactLimit + 1 rows: a broad search never scans the whole index for a total.
    const counted: { matches: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS matches FROM (SELECT 1 FROM indexed_files f WHERE ${where}
         LIMIT $${params.length + 1}) limited`,
      [...params, exactLimit + 1],
    );
    const matches = counted[0]?.matches ?? 0;
    if (matches <= exactLimit) {
      return { total: matches, estimate: false };
    }
    const plan: { 'QUERY PLAN': PlanNode[] }[] = await this.dataSource.query(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM indexed_files f WHERE ${where}`,
      params,
    );
    const planned = Math.round(plan[0]?.['QUERY PLAN'][0]?.Plan?.['Plan Rows'] ?? 0);
    return { total: Math.max(planned, matches), estimate: true };
  }
}
