import { DomainError, type DomainErrorMapper, type ProblemMapping } from '@artstore/platform';

export type FileMetadataErrorCode = 'file_not_found';

export class FileMetadataError extends DomainError<FileMetadataErrorCode> {
  private constructor(code: FileMetadataErrorCode, message: string) {
    super(code, message);
  }

  static notFound(fileId: string): FileMetadataError {
    return new FileMetadataError('file_not_found', `No file ${fileId} is indexed.`);
  }
}

function mapFileMetadataErrorCode(code: FileMetadataErrorCode): ProblemMapping {
  switch (code) {
    case 'file_not_found':
      return { status: 404, title: 'File not found' };
  }
}

export const mapFileMetadataError: DomainErrorMapper = (error) =>
  error instanceof FileMetadataError ? mapFileMetadataErrorCode(error.code) : undefined;
