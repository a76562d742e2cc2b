/** Why the saga machinery itself (not a step) refused or stopped. */
export enum SagaErrorCode {
  /** `defineSaga` was given an inconsistent definition. */
  InvalidDefinition = 'SAGA_INVALID_DEFINITION',
  /** `start` was given a saga id that is already stored. */
  AlreadyExists = 'SAGA_ALREADY_EXISTS',
  NotFound = 'SAGA_NOT_FOUND',
  /** The saga's stored type is not the definition's type. */
  TypeMismatch = 'SAGA_TYPE_MISMATCH',
  /** Another instance holds a live lease on the saga. */
  Leased = 'SAGA_LEASED',
  /**
   * This instance stopped working on the saga before it finished: its lease was lost, the store
   * could not be written, or the orchestrator was closed. The saga is left `running` or
   * `compensating`, and a recovery worker finishes it.
   */
  Interrupted = 'SAGA_INTERRUPTED',
}

/** The one exception class of the saga library. */
export class SagaError extends Error {
  override readonly name = 'SagaError';

  constructor(
    readonly code: SagaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An error as the saga log stores it: a code to act on and a message for humans. */
export interface SagaErrorInfo {
  code: string;
  message: string;
}

/** Reduces any thrown value to `{code, message}`: `code` if the error has a string one, else its name. */
export function describeError(error: unknown): SagaErrorInfo {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' && code !== '' ? code : error.name, message: error.message };
  }
  return { code: 'NON_ERROR_THROWN', message: String(error) };
}
