import { AsyncLocalStorage } from 'node:async_hooks';

/** What a request carries through every async call it makes: its id and its trace context. */
export interface RequestContext {
  requestId: string;
  /** The W3C trace context of the inbound request (received or started here). */
  traceParent: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
