import type { SagaResult } from '@artstore/saga';
import { ElementRefusedError, ElementUnavailableError } from '../element-files/element-files.errors';
import { RegistryRefusedError, RegistryUnavailableError } from '../file-registry/file-registry.errors';
import {
  ChecksumMismatchError,
  ElementSkippedError,
  NoEligibleElementError,
} from '../sagas/upload-saga.errors';
import { UploadError } from './upload.errors';

/** What to answer for an upload saga that did not complete, from the failure that made it compensate. */
export function uploadFailureOf(result: SagaResult<unknown>, maxBytes: number): Error {
  const cause = unwrap(result.error?.cause);
  if (cause instanceof UploadError) {
    return cause;
  }
  if (cause instanceof NoEligibleElementError) {
    return new UploadError(
      'no_eligible_element',
      'No storage element can take the file now; try again later.',
    );
  }
  if (cause instanceof ElementRefusedError) {
    if (cause.status === 413) {
      return UploadError.tooLarge(maxBytes);
    }
    // 507 (full) or a mode that changed under us: another element or a later try may take it.
    if (cause.status === 507 || cause.status === 409) {
      return new UploadError('element_unavailable', 'The chosen storage element cannot take the file now.');
    }
    return new UploadError('element_refused', `The storage element refused the file (${cause.status}).`);
  }
  if (cause instanceof ElementUnavailableError) {
    return new UploadError(
      'element_unavailable',
      'The storage element failed during the upload; nothing was stored. Try again.',
      cause.retryAfterSeconds,
    );
  }
  if (cause instanceof ChecksumMismatchError) {
    return new UploadError(
      'element_checksum_mismatch',
      'The storage element stored other bytes than were received; nothing was kept.',
    );
  }
  if (cause instanceof RegistryUnavailableError) {
    return new UploadError('registry_unavailable', 'The file registry is unavailable; nothing was kept.');
  }
  if (cause instanceof RegistryRefusedError) {
    return new UploadError('registry_refused', `The file registry refused the file (${cause.status}).`);
  }
  return new Error(
    `upload saga ${result.sagaId} ended ${result.status}: ${result.error?.message ?? 'unknown'}`,
  );
}

function unwrap(error: unknown): unknown {
  return error instanceof ElementSkippedError ? error.reason : error;
}
