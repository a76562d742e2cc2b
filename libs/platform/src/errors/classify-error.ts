import { HttpException } from '@nestjs/common';
import { codeForStatus, type ProblemInput } from './problem';
import { DomainError, type DomainErrorMapper } from './domain-error';
import { InvalidInputError } from './invalid-input';

export type ClassifiedError =
  | {
      kind: 'expected';
      problem: Omit<ProblemInput, 'instance' | 'requestId'>;
      headers?: Record<string, string>;
    }
  | { kind: 'unexpected' };

interface FastifyLikeError {
  code: string;
  statusCode: number;
  message: string;
}

// Fastify's own 4xx errors, raised before a handler runs (body parsing, limits, media type).
const FASTIFY_ERRORS: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'malformed_json',
    detail: 'The request body is empty but Content-Type is application/json.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    detail: 'The request body exceeds the size limit.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    detail: 'The request Content-Type is not supported by this endpoint.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'bad_request',
    detail: 'Content-Length does not match the body that was sent.',
  },
  FST_ERR_CTP_INVALID_TYPE: { code: 'bad_request', detail: 'The Content-Type header is malformed.' },
};

/** Decides what a client may see of an error; anything unrecognised is unexpected (a 500 with an error id). */
export function classifyError(error: unknown, mapDomainError: DomainErrorMapper): ClassifiedError {
  if (isDomainError(error)) {
    // Every app answers invalid input the same way; it is the platform's own error.
    const mapping = error instanceof InvalidInputError ? { status: 400 } : mapDomainError(error);
    if (!mapping) {
      return { kind: 'unexpected' };
    }
    return {
      kind: 'expected',
      problem: {
        ...(mapping.extensions ? { extensions: mapping.extensions } : {}),
        status: mapping.status,
        code: error.code,
        detail: error.message,
        ...(mapping.title ? { title: mapping.title } : {}),
        ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
      },
      ...(mapping.headers ? { headers: mapping.headers } : {}),
    };
  }
  // Nest wraps Fastify's own errors (body parsing, limits) in an HttpException; classify the original.
  if (error instanceof HttpException && isFastifyError(error.cause)) {
    return classifyError(error.cause, mapDomainError);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status >= 500 && status !== 503) {
      return { kind: 'unexpected' };
    }
    return {
      kind: 'expected',
      problem: { status, code: codeForStatus(status), detail: httpExceptionDetail(error) },
    };
  }
  if (isFastifyError(error) && error.statusCode >= 400 && error.statusCode < 500) {
    const known = FASTIFY_ERRORS[error.code];
    return {
      kind: 'expected',
      problem: {
        status: error.statusCode,
        code: known?.code ?? codeForStatus(error.statusCode),
        detail: known?.detail ?? 'The request could not be processed.',
      },
    };
  }
  return { kind: 'unexpected' };
}

function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

function httpExceptionDetail(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') {
    return response;
  }
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) {
    return message.map(String).join('; ');
  }
  return typeof message === 'string' ? message : error.message;
}

function isFastifyError(error: unknown): error is FastifyLikeError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as FastifyLikeError).code === 'string' &&
    (error as FastifyLikeError).code.startsWith('FST_') &&
    typeof (error as FastifyLikeError).statusCode === 'number'
  );
}
