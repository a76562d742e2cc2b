/** S3 answers for an object (or bucket) that does not exist; mapped to ENOENT like the local disk. */
const MISSING_CODES = new Set(['NoSuchKey', 'NotFound']);

/** A failed S3 call: `code` is ENOENT for a missing object, else the S3 code or the socket errno. */
export class S3StorageError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'S3StorageError';
  }
}

export function toS3StorageError(error: unknown, action: string): S3StorageError {
  if (error instanceof S3StorageError) {
    return error;
  }
  const rawCode = (error as { code?: unknown } | undefined)?.code;
  // minio's argument errors carry no code, only a class name (InvalidBucketNameError, …).
  const s3Code =
    typeof rawCode === 'string' && rawCode !== ''
      ? rawCode
      : error instanceof Error && error.name !== 'Error'
        ? error.name
        : 'S3_ERROR';
  const code = MISSING_CODES.has(s3Code) ? 'ENOENT' : s3Code;
  const detail = error instanceof Error ? error.message : String(error);
  return new S3StorageError(code, `${code}: ${action} failed: ${detail}`, { cause: error });
}

export function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'ENOENT';
}
