import { DomainError, type DomainErrorMapper } from '@artstore/platform';

/** One scrub at a time per element: a second request waits for the report of the running one. */
export class ScrubInProgressError extends DomainError<'scrub_in_progress'> {
  constructor() {
    super('scrub_in_progress', 'A scrub is already running on this element; try again when it has finished.');
  }
}

export const mapIntegrityError: DomainErrorMapper = (error) =>
  error instanceof ScrubInProgressError ? { status: 409 } : undefined;
