import { DomainError, type DomainErrorMapper } from '@artstore/platform';

export type UploadErrorCode =
  | 'invalid_upload_form'
  | 'upload_too_large'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_progress'
  | 'no_eligible_element'
  | 'element_unavailable'
  | 'element_refused'
  | 'element_checksum_mismatch'
  | 'registry_unavailable'
  | 'registry_refused'
  | 'upload_aborted';

/** Why an upload was refused or did not complete; `mapUploadError` gives each its status. */
export class UploadError extends DomainError<UploadErrorCode> {
  constructor(
    code: UploadErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(code, message);
  }

  static invalidForm(message: string): UploadError {
    return new UploadError('invalid_upload_form', message);
  }

  static tooLarge(maxBytes: number): UploadError {
    return new UploadError('upload_too_large', `The file is larger than the limit of ${maxBytes} bytes.`);
  }
}

const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** The ingester's upload errors as problem+json statuses. */
export const mapUploadError: DomainErrorMapper = (error) => {
  if (!(error instanceof UploadError)) {
    return undefined;
  }
  const retryAfter = { 'Retry-After': String(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) };
  switch (error.code) {
    case 'invalid_upload_form':
    case 'upload_aborted':
      return { status: 400 };
    case 'upload_too_large':
      return { status: 413 };
    case 'idempotency_key_reused':
    case 'idempotency_key_in_progress':
      return { status: 409 };
    case 'no_eligible_element':
    case 'element_unavailable':
    case 'registry_unavailable':
      return { status: 503, headers: retryAfter };
    // The element or the registry misbehaved; nothing was kept (the saga compensated).
    case 'element_checksum_mismatch':
    case 'element_refused':
    case 'registry_refused':
      return { status: 502 };
  }
};
