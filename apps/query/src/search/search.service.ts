import { Inject, Injectable } from '@nestjs/common';
import type { FileMetadata } from '@artstore/contracts';
import { APP_CONFIG } from '@artstore/platform';
import type { QueryConfig } from '../config/query.config';
import { toFileMetadata } from '../file-index/indexed-file.row';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor';
import type { SearchRequest } from './search-request';
import { SearchMetrics } from './search.metrics';
import { SearchRepository } from './search.repository';

/** A page of matches; `total` is exact unless `total_is_estimate` (more than SEARCH_EXACT_TOTAL_LIMIT). */
export interface SearchPage {
  items: FileMetadata[];
  next_cursor: string | null;
  total: number;
  total_is_estimate: boolean;
}

@Injectable()
export class SearchService {
  constructor(
    private readonly repository: SearchRepository,
    private readonly metrics: SearchMetrics,
    @Inject(APP_CONFIG) private readonly config: QueryConfig,
  ) {}

  async search(request: SearchRequest): Promise<SearchPage> {
    const after = request.cursor === undefined ? undefined : decodeSearchCursor(request, request.cursor);
    const done = this.metrics.startTimer(request.sort_by);
    try {
      const [rows, count] = await Promise.all([
        this.repository.page(request, after),
        this.repository.count(request, this.config.SEARCH_EXACT_TOTAL_LIMIT),
      ]);
      const pageRows = rows.slice(0, request.limit);
      const last = pageRows.at(-1);
      return {
        items: pageRows.map(toFileMetadata),
        next_cursor:
          rows.length > request.limit && last
            ? encodeSearchCursor(request, { key: last.sort_key, fileId: last.file_id })
            : null,
        total: count.total,
        total_is_estimate: count.estimate,
      };
    } finally {
      done();
    }
  }
}
