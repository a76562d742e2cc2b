import { DomainError, type DomainErrorMapper, type ProblemMapping } from '@artstore/platform';

export type FileRegistryErrorCode =
  'file_not_found' | 'version_conflict' | 'stale_version' | 'invalid_cursor';

export class FileRegistryError extends DomainError<FileRegistryErrorCode> {
  private constructor(
    code: FileRegistryErrorCode,
    message: string,
    fieldErrors?: readonly { field: string; message: string }[],
  ) {
    super(code, message, fieldErrors);
  }

  static notFound(fileId: string): FileRegistryError {
    return new FileRegistryError('file_not_found', `No file ${fileId} is registered.`);
  }

  static versionConflict(fileId: string, version: number): FileRegistryError {
    return new FileRegistryError(
      'version_conflict',
      `File ${fileId} is registered at version ${version} with other content; a change needs a higher version.`,
    );
  }

  static staleVersion(fileId: string, incoming: number, stored: number): FileRegistryError {
    return new FileRegistryError(
      'stale_version',
      `File ${fileId} is registered at version ${stored}; version ${incoming} is older.`,
    );
  }

  static invalidCursor(): FileRegistryError {
    return new FileRegistryError('invalid_cursor', 'The cursor is malformed; pass next_cursor unchanged.', [
      { field: 'cursor', message: 'is not a cursor returned by this endpoint' },
    ]);
  }
}

function mapFileRegistryErrorCode(code: FileRegistryErrorCode): ProblemMapping {
  switch (code) {
    case 'file_not_found':
      return { status: 404, title: 'File not found' };
    case 'version_conflict':
      return { status: 409, title: 'Version conflict' };
    case 'stale_version':
      return { status: 409, title: 'Stale version' };
    case 'invalid_cursor':
      return { status: 400, title: 'Invalid cursor' };
  }
}

/** The file registry's part of the admin's `mapDomainError`. */
export const mapFileRegistryError: DomainErrorMapper = (error) =>
  error instanceof FileRegistryError ? mapFileRegistryErrorCode(error.code) : undefined;
