import type { SagaResult } from '@artstore/saga';
import { ElementRefusedError, ElementUnavailableError } from '../element-files/element-files.errors';
import { RegistryRefusedError, RegistryUnavailableError } from '../file-registry/file-registry.errors';
import { ChecksumMismatchError, NoEligibleElementError } from '../sagas/upload-saga.errors';
import { FileChangeError } from './file-change.errors';

/** What to answer for a file-change saga that did not complete, from the failure that ended it. */
export function fileChangeFailureOf(result: SagaResult<unknown>, fileId: string): Error {
  const cause = result.error?.cause;
  if (cause instanceof FileChangeError) {
    return cause;
  }
  if (cause instanceof ElementRefusedError) {
    return elementRefusal(cause, fileId);
  }
  if (cause instanceof ElementUnavailableError) {
    return new FileChangeError(
      'element_unavailable',
      `Storage element ${cause.elementId} is unavailable; nothing was changed. Try again later.`,
      cause.retryAfterSeconds,
    );
  }
  if (cause instanceof NoEligibleElementError) {
    return new FileChangeError(
      'no_eligible_element',
      'No rw storage element can take the file now; try again later.',
    );
  }
  if (cause instanceof ChecksumMismatchError) {
    return new FileChangeError(
      'element_checksum_mismatch',
      'The copy did not match the original; it was removed.',
    );
  }
  if (cause instanceof RegistryUnavailableError) {
    return new FileChangeError('registry_unavailable', 'The file registry is unavailable; try again later.');
  }
  if (cause instanceof RegistryRefusedError) {
    return new FileChangeError('registry_refused', `The file registry refused the change (${cause.status}).`);
  }
  return new Error(`saga ${result.sagaId} ended ${result.status}: ${result.error?.message ?? 'unknown'}`);
}

function elementRefusal(cause: ElementRefusedError, fileId: string): FileChangeError {
  switch (cause.status) {
    case 404:
      return FileChangeError.notFound(fileId);
    case 409:
      if (cause.problemCode === 'operation_not_allowed_in_mode') {
        // The element's detail names its mode (SPEC §4).
        return new FileChangeError(
          'operation_not_allowed_in_mode',
          cause.detail ?? `Storage element ${cause.elementId} refused the change in its current mode.`,
        );
      }
      return new FileChangeError(
        'element_refused',
        `Storage element ${cause.elementId} refused the change (409).`,
      );
    case 507:
      return new FileChangeError(
        'element_unavailable',
        `Storage element ${cause.elementId} has no room for the file.`,
      );
    default:
      return new FileChangeError(
        'element_refused',
        `Storage element ${cause.elementId} refused the change (${cause.status}${cause.problemCode ? ` ${cause.problemCode}` : ''}).`,
      );
  }
}
