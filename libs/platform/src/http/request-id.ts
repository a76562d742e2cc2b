import { randomUUID } from 'node:crypto';

// A client-supplied id is echoed into logs and headers, so only a short, plain token is accepted.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The inbound `x-request-id` when it is safe to reuse, otherwise a new UUID. */
export function resolveRequestId(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate && SAFE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}
