/** RFC 9457 problem details, the body of every error outside the token endpoint and tus routes. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  request_id: string;
  /** Present on 500s only: the id under which the error is logged. */
  error_id?: string;
  /** Field-level problems for validation errors. */
  errors?: readonly ProblemFieldError[];
  /** Extension members some problems add (RFC 9457 §3.2), e.g. `allowed_transitions`. */
  [extension: string]: unknown;
}

export interface ProblemFieldError {
  field: string;
  message: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
