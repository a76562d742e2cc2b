import type { StorageElementMode } from '@artstore/contracts';
import { DomainError, type DomainErrorMapper } from '@artstore/platform';

export type StorageElementsErrorCode =
  | 'storage_element_not_found'
  | 'storage_element_not_empty'
  | 'storage_element_unreachable'
  | 'storage_element_refused'
  | 'mode_transition_not_allowed'
  | 'mode_change_failed';

export class StorageElementsError extends DomainError<StorageElementsErrorCode> {
  private constructor(
    code: StorageElementsErrorCode,
    message: string,
    readonly allowedTransitions?: readonly StorageElementMode[],
  ) {
    super(code, message);
  }

  static notFound(id: string): StorageElementsError {
    return new StorageElementsError('storage_element_not_found', `No storage element ${id} is registered.`);
  }

  static notEmpty(id: string, fileCount: number): StorageElementsError {
    return new StorageElementsError(
      'storage_element_not_empty',
      `Storage element ${id} still holds ${fileCount} files; only an empty element can be removed.`,
    );
  }

  static unreachable(url: string): StorageElementsError {
    return new StorageElementsError(
      'storage_element_unreachable',
      `No storage element answered GET ${url}/api/v1/info in time.`,
    );
  }

  static refused(id: string, detail: string): StorageElementsError {
    return new StorageElementsError('storage_element_refused', `Storage element ${id} refused: ${detail}`);
  }

  static transitionNotAllowed(
    id: string,
    from: StorageElementMode,
    to: StorageElementMode,
    allowed: readonly StorageElementMode[],
  ): StorageElementsError {
    const options =
      allowed.length === 0
        ? `mode ${from} never changes through the API, only through SE_MODE and a restart`
        : `allowed from ${from}: ${allowed.join(', ')}`;
    return new StorageElementsError(
      'mode_transition_not_allowed',
      `Storage element ${id} is in mode ${from} and cannot change to ${to}; ${options}.`,
      allowed,
    );
  }

  static modeChangeFailed(id: string, sagaId: string): StorageElementsError {
    return new StorageElementsError(
      'mode_change_failed',
      `The mode of storage element ${id} could not be changed now (saga ${sagaId}); nothing was changed.`,
    );
  }
}

export const mapStorageElementsError: DomainErrorMapper = (error) => {
  if (!(error instanceof StorageElementsError)) {
    return undefined;
  }
  switch (error.code) {
    case 'storage_element_not_found':
      return { status: 404 };
    case 'storage_element_not_empty':
    case 'storage_element_refused':
      return { status: 409 };
    case 'mode_transition_not_allowed':
      return { status: 409, extensions: { allowed_transitions: error.allowedTransitions ?? [] } };
    case 'storage_element_unreachable':
      // The url is the client's input: nothing that answers as an element is there (now).
      return { status: 422 };
    case 'mode_change_failed':
      return { status: 503, headers: { 'retry-after': '5' } };
  }
};
