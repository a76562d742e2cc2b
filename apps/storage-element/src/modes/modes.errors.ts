import type { StorageElementMode, StorageElementOperation } from '@artstore/contracts';
import { DomainError, type DomainErrorMapper } from '@artstore/platform';

export type ModeErrorCode = 'operation_not_allowed_in_mode' | 'mode_transition_not_allowed';

const OPERATION_NAMES: Readonly<Record<StorageElementOperation, string>> = {
  create: 'create files',
  read: 'read files',
  update_metadata: 'update file metadata',
  delete: 'delete files',
};

/** A refusal by the element's mode: 409 problem+json whose detail names the mode. */
export class ModeError extends DomainError<ModeErrorCode> {
  private constructor(
    code: ModeErrorCode,
    message: string,
    readonly mode: StorageElementMode,
  ) {
    super(code, message);
  }

  static operationNotAllowed(mode: StorageElementMode, operation: StorageElementOperation): ModeError {
    return new ModeError(
      'operation_not_allowed_in_mode',
      `The storage element is in mode ${mode}, which does not allow it to ${OPERATION_NAMES[operation]} (operation ${operation}).`,
      mode,
    );
  }

  static transitionNotAllowed(
    from: StorageElementMode,
    to: StorageElementMode,
    allowed: readonly StorageElementMode[],
  ): ModeError {
    const reason = from === to ? `the storage element is already in mode ${from}` : `it is in mode ${from}`;
    const options =
      allowed.length === 0
        ? `mode ${from} never changes through the API, only through SE_MODE and a restart`
        : `allowed from ${from}: ${allowed.join(', ')}`;
    return new ModeError(
      'mode_transition_not_allowed',
      `The mode cannot change to ${to}: ${reason}; ${options}.`,
      from,
    );
  }
}

export const mapModeError: DomainErrorMapper = (error) => {
  if (!(error instanceof ModeError)) {
    return undefined;
  }
  switch (error.code) {
    case 'operation_not_allowed_in_mode':
    case 'mode_transition_not_allowed':
      return { status: 409 };
  }
};
