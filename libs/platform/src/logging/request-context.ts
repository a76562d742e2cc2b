import { AsyncLocalStorage } from 'node:async_hooks';
import { childTraceParent, parseTraceParent } from '../http/trace-context';

/** What a request carries through every async call it makes: its id and its trace context. */
export class RequestContext {
  private trace: string | undefined;

  constructor(
    readonly requestId: string,
    inboundTraceParent?: string,
  ) {
    this.trace = inboundTraceParent && parseTraceParent(inboundTraceParent) ? inboundTraceParent : undefined;
  }

  /** The inbound W3C trace context, or one started here on first use (random ids cost, so lazily). */
  get traceParent(): string {
    this.trace ??= childTraceParent(undefined);
    return this.trace;
  }
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
