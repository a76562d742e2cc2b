import { DomainError, type DomainErrorMapper, type ProblemMapping } from '@artstore/platform';

export type SearchErrorCode = 'invalid_cursor';

export class SearchError extends DomainError<SearchErrorCode> {
  private constructor(code: SearchErrorCode, message: string, field: string, fieldMessage: string) {
    super(code, message, [{ field, message: fieldMessage }]);
  }

  static invalidCursor(): SearchError {
    return new SearchError(
      'invalid_cursor',
      'The cursor is malformed; pass next_cursor unchanged.',
      'cursor',
      'is not a cursor returned by this endpoint',
    );
  }

  static mismatchedCursor(): SearchError {
    return new SearchError(
      'invalid_cursor',
      'The cursor belongs to a search with other filters or another sort; repeat them unchanged with every page.',
      'cursor',
      'was made for another search',
    );
  }
}

function mapSearchErrorCode(code: SearchErrorCode): ProblemMapping {
  switch (code) {
    case 'invalid_cursor':
      return { status: 400, title: 'Invalid cursor' };
  }
}

export const mapSearchError: DomainErrorMapper = (error) =>
  error instanceof SearchError ? mapSearchErrorCode(error.code) : undefined;
