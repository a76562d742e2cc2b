import { DeadlineExceededError, withDeadline } from '@artstore/resilience';
import { isConnectFailure } from './connect-failure';
import { ElementUnavailableError, ElementUnreachableError } from './element-files.errors';

/** One small JSON call to an element (attributes, delete, the start of a download). */
export interface ElementJsonCall {
  elementId: string;
  method: 'GET' | 'PATCH' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  signal: AbortSignal;
}

/** The status and parsed JSON answer; network failures become ElementUnavailableError (or Unreachable). */
export function callElement(call: ElementJsonCall): Promise<{ status: number; answer: unknown }> {
  return withDeadline(
    async (deadline) => {
      const response = await fetch(call.url, {
        method: call.method,
        headers: {
          ...call.headers,
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        signal: deadline,
        redirect: 'error',
      }).catch((error: unknown) => {
        throw isConnectFailure(error)
          ? new ElementUnreachableError(call.elementId, 'no connection', undefined, { cause: error })
          : new ElementUnavailableError(call.elementId, 'no answer', undefined, { cause: error });
      });
      const answer: unknown = await response.json().catch(() => undefined);
      return { status: response.status, answer };
    },
    call.timeoutMs,
    call.signal,
  ).catch((error: unknown) => {
    throw error instanceof DeadlineExceededError
      ? new ElementUnavailableError(call.elementId, 'no answer before the deadline', undefined, {
          cause: error,
        })
      : error;
  });
}
