import { STATUS_CODES } from 'node:http';
import type { ProblemDetails, ProblemFieldError } from '@artstore/contracts';

export interface ProblemInput {
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId: string;
  title?: string;
  errorId?: string;
  errors?: readonly ProblemFieldError[];
  /** Extension members (RFC 9457 §3.2); they never replace the standard ones. */
  extensions?: Readonly<Record<string, unknown>>;
}

/** Builds an RFC 9457 body; `type` is a stable URN per code so clients can switch on it. */
export function buildProblem(input: ProblemInput): ProblemDetails {
  const problem: ProblemDetails = {
    ...input.extensions,
    type: `urn:artstore:problem:${input.code}`,
    title: input.title ?? STATUS_CODES[input.status] ?? 'Error',
    status: input.status,
    detail: input.detail,
    instance: input.instance,
    code: input.code,
    request_id: input.requestId,
  };
  if (input.errorId) {
    problem.error_id = input.errorId;
  }
  if (input.errors && input.errors.length > 0) {
    problem.errors = input.errors;
  }
  return problem;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  411: 'length_required',
  412: 'precondition_failed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  422: 'unprocessable_content',
  429: 'too_many_requests',
  431: 'request_header_fields_too_large',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
  507: 'insufficient_storage',
};

export function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}
