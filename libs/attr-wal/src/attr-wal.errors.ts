export enum AttrWalErrorCode {
  /** Not a canonical lowercase UUIDv7: never becomes a path. */
  InvalidFileId = 'invalid_file_id',
  /** attr.json would break its limits (over 4 KiB, bad expected digest, …). */
  InvalidAttributes = 'invalid_attributes',
  /** The body is longer than `maxBytes` (413). */
  SizeLimit = 'size_limit',
  /** The element's free capacity or the disk is exhausted (507). */
  NoSpace = 'no_space',
  /** The body does not match `expectedSha256`. */
  DigestMismatch = 'digest_mismatch',
  /** The id already holds different content (409). */
  Conflict = 'conflict',
  NotFound = 'not_found',
  /** A filesystem call failed; after a failed WAL fsync every later write fails too. */
  IoFailure = 'io_failure',
  /** The caller's pre-commit hook (cache update, publish) failed; the transaction was rolled back. */
  HookFailed = 'hook_failed',
}

/** The one error class of libs/attr-wal; `cause` keeps the underlying error. */
export class AttrWalError extends Error {
  /** Compensations that failed while rolling back; recovery at the next start retries them. */
  readonly rollbackFailures: unknown[] = [];

  constructor(
    readonly code: AttrWalErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AttrWalError';
  }
}

/** Maps a filesystem failure to the protocol's codes; AttrWalErrors pass through. */
export function toAttrWalError(error: unknown, action: string): AttrWalError {
  if (error instanceof AttrWalError) {
    return error;
  }
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'ENOSPC' || errno === 'EDQUOT') {
    return new AttrWalError(AttrWalErrorCode.NoSpace, `No space left while ${action}.`, { cause: error });
  }
  return new AttrWalError(AttrWalErrorCode.IoFailure, `I/O failure while ${action}.`, { cause: error });
}
