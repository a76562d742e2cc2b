import { DomainError, type DomainErrorMapper, type ProblemMapping } from '@artstore/platform';

export type FileChangeErrorCode =
  | 'invalid_file_id'
  | 'file_not_found'
  | 'file_already_permanent'
  | 'operation_not_allowed_in_mode'
  | 'no_eligible_element'
  | 'element_unavailable'
  | 'registry_unavailable'
  | 'element_refused'
  | 'element_checksum_mismatch'
  | 'registry_refused';

/** Why a finalize, attribute change or delete was refused or did not complete. */
export class FileChangeError extends DomainError<FileChangeErrorCode> {
  constructor(
    code: FileChangeErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(code, message);
  }

  static notFound(fileId: string): FileChangeError {
    return new FileChangeError('file_not_found', `No file ${fileId} is registered.`);
  }
}

const DEFAULT_RETRY_AFTER_SECONDS = 5;

function mapCode(error: FileChangeError): ProblemMapping {
  const retryAfter = { 'Retry-After': String(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) };
  switch (error.code) {
    case 'invalid_file_id':
      return { status: 400, title: 'Invalid file id' };
    case 'file_not_found':
      return { status: 404, title: 'File not found' };
    case 'file_already_permanent':
      return { status: 409, title: 'File already permanent' };
    case 'operation_not_allowed_in_mode':
      return { status: 409, title: 'Operation not allowed in mode' };
    case 'no_eligible_element':
    case 'element_unavailable':
    case 'registry_unavailable':
      return { status: 503, headers: retryAfter };
    // A dependency misbehaved; the saga undid what it had done.
    case 'element_refused':
    case 'element_checksum_mismatch':
    case 'registry_refused':
      return { status: 502 };
  }
}

/** The file-change errors as problem+json statuses. */
export const mapFileChangeError: DomainErrorMapper = (error) =>
  error instanceof FileChangeError ? mapCode(error) : undefined;
