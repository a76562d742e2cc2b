/**
 * Base of every module's exception class: a stable string code that the app's problem mapper turns
 * into an HTTP status with an exhaustive switch, and a message safe to show to the client.
 */
export abstract class DomainError<Code extends string = string> extends Error {
  protected constructor(
    readonly code: Code,
    message: string,
    readonly fieldErrors?: readonly { field: string; message: string }[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The HTTP face of a domain error. */
export interface ProblemMapping {
  status: number;
  title?: string;
  headers?: Record<string, string>;
  /** RFC 9457 extension members a client can act on, e.g. `allowed_transitions`. */
  extensions?: Readonly<Record<string, unknown>>;
}

/** Maps an app's domain errors to HTTP; returns undefined for errors it does not own. */
export type DomainErrorMapper = (error: DomainError) => ProblemMapping | undefined;
