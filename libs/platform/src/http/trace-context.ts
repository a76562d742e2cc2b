import { randomBytes } from 'node:crypto';

// W3C Trace Context: version-traceid-parentid-flags, lowercase hex, all-zero ids invalid.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

export interface TraceParent {
  traceId: string;
  spanId: string;
  flags: string;
}

export function parseTraceParent(header: string | undefined): TraceParent | undefined {
  const match = header ? TRACEPARENT.exec(header.trim()) : null;
  if (!match?.[1] || !match[2] || !match[3]) {
    return undefined;
  }
  if (match[1] === ZERO_TRACE_ID || match[2] === ZERO_SPAN_ID) {
    return undefined;
  }
  return { traceId: match[1], spanId: match[2], flags: match[3] };
}

export function formatTraceParent(trace: TraceParent): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.flags}`;
}

/** The trace context for work done on behalf of `inbound`: same trace, a new span id. */
export function childTraceParent(inbound: string | undefined): string {
  const parent = parseTraceParent(inbound);
  return formatTraceParent({
    traceId: parent?.traceId ?? randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    flags: parent?.flags ?? '01',
  });
}
