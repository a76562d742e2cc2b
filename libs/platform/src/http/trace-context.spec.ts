import { describe, expect, it } from 'vitest';
import { RequestContext, runWithRequestContext } from '../logging/request-context';
import { outboundHeaders } from './outbound-headers';
import { resolveRequestId } from './request-id';
import { childTraceParent, parseTraceParent } from './trace-context';

const INBOUND = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context', () => {
  it('keeps the trace id and makes a new span id', () => {
    const child = parseTraceParent(childTraceParent(INBOUND));
    expect(child?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(child?.spanId).not.toBe('00f067aa0ba902b7');
    expect(child?.flags).toBe('01');
  });

  it('starts a new trace for a missing or malformed header', () => {
    for (const header of [undefined, 'garbage', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`]) {
      expect(parseTraceParent(childTraceParent(header))).toBeDefined();
    }
    expect(parseTraceParent('00-XYZ-00f067aa0ba902b7-01')).toBeUndefined();
  });
});

describe(outboundHeaders.name, () => {
  it('carries the request id and the trace of the request being served', () => {
    const headers = runWithRequestContext(new RequestContext('abc-1', INBOUND), outboundHeaders);
    expect(headers['x-request-id']).toBe('abc-1');
    expect(parseTraceParent(headers['traceparent'])?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});

describe(resolveRequestId.name, () => {
  it('reuses a safe id and replaces an unsafe one', () => {
    expect(resolveRequestId('client-req.7')).toBe('client-req.7');
    expect(resolveRequestId('bad id\nInjected: 1')).toMatch(/^[0-9a-f-]{36}$/);
    expect(resolveRequestId('x'.repeat(200))).toMatch(/^[0-9a-f-]{36}$/);
    expect(resolveRequestId(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe(RequestContext.name, () => {
  it('starts one trace per request and keeps it for every outbound call', () => {
    const context = new RequestContext('r1');
    const first = runWithRequestContext(context, outboundHeaders)['traceparent'];
    const second = runWithRequestContext(context, outboundHeaders)['traceparent'];
    expect(parseTraceParent(first)?.traceId).toBe(parseTraceParent(second)?.traceId);
    expect(new RequestContext('r2', 'not-a-trace').traceParent).not.toBe('not-a-trace');
  });
});
