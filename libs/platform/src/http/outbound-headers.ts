import { context, propagation } from '@opentelemetry/api';
import { HttpHeader } from '@artstore/contracts';
import { currentRequestContext } from '../logging/request-context';
import { childTraceParent } from './trace-context';

/**
 * Headers every call to another service carries: the request id of the request being served and
 * the W3C trace context (from OpenTelemetry when tracing runs, else derived from the inbound one).
 */
export function outboundHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  const request = currentRequestContext();
  if (request) {
    headers[HttpHeader.RequestId] = request.requestId;
  }
  headers[HttpHeader.TraceParent] ??= childTraceParent(request?.traceParent);
  return headers;
}
