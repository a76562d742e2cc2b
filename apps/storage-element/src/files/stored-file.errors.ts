import { AttrWalError, AttrWalErrorCode } from '@artstore/attr-wal';
import { DomainError, type DomainErrorMapper } from '@artstore/platform';

export type StoredFileErrorCode =
  | 'invalid_file_id'
  | 'attributes_too_large'
  | 'payload_too_large'
  | 'insufficient_storage'
  | 'digest_mismatch'
  | 'file_exists_with_other_content'
  | 'file_not_found'
  | 'file_corrupted'
  | 'storage_unavailable'
  | 'file_cache_unavailable'
  | 'invalid_cursor';

/** A file operation the element refuses or cannot do; the mapper below gives each its status. */
export class StoredFileError extends DomainError<StoredFileErrorCode> {
  constructor(code: StoredFileErrorCode, message: string) {
    super(code, message);
  }
}

const FROM_WAL: Readonly<Record<AttrWalErrorCode, StoredFileErrorCode>> = {
  [AttrWalErrorCode.InvalidFileId]: 'invalid_file_id',
  [AttrWalErrorCode.InvalidAttributes]: 'attributes_too_large',
  [AttrWalErrorCode.SizeLimit]: 'payload_too_large',
  [AttrWalErrorCode.NoSpace]: 'insufficient_storage',
  [AttrWalErrorCode.DigestMismatch]: 'digest_mismatch',
  [AttrWalErrorCode.Conflict]: 'file_exists_with_other_content',
  [AttrWalErrorCode.NotFound]: 'file_not_found',
  [AttrWalErrorCode.IoFailure]: 'storage_unavailable',
  [AttrWalErrorCode.HookFailed]: 'file_cache_unavailable',
};

// The protocol's own messages name paths; clients get these instead.
const MESSAGES: Readonly<Partial<Record<StoredFileErrorCode, string>>> = {
  storage_unavailable: 'The storage element could not read or write its storage; nothing was changed.',
  file_cache_unavailable: 'The storage element could not update its database; nothing was changed.',
  insufficient_storage: 'The file does not fit in the free capacity of the storage element.',
};

/** The domain error for a write-protocol failure; anything else is rethrown as it is. */
export function fromAttrWalError(error: unknown): unknown {
  if (!(error instanceof AttrWalError)) {
    return error;
  }
  const code = FROM_WAL[error.code];
  return new StoredFileError(code, MESSAGES[code] ?? error.message);
}

const RETRY_AFTER_SECONDS = '5';

export const mapStoredFileError: DomainErrorMapper = (error) => {
  if (!(error instanceof StoredFileError)) {
    return undefined;
  }
  switch (error.code) {
    case 'invalid_file_id':
    case 'attributes_too_large':
    case 'digest_mismatch':
    case 'invalid_cursor':
      return { status: 400 };
    case 'file_not_found':
      return { status: 404 };
    case 'file_exists_with_other_content':
      return { status: 409 };
    case 'payload_too_large':
      return { status: 413 };
    case 'insufficient_storage':
      return { status: 507 };
    case 'file_corrupted':
      return { status: 500, title: 'File corrupted' };
    case 'storage_unavailable':
    case 'file_cache_unavailable':
      return { status: 503, headers: { 'retry-after': RETRY_AFTER_SECONDS } };
  }
};
