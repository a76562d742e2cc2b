/** Header names shared by every service and client. */
export const HttpHeader = {
  RequestId: 'x-request-id',
  TraceParent: 'traceparent',
  TraceState: 'tracestate',
  ReprDigest: 'repr-digest',
  ArtstoreAttributes: 'artstore-attributes',
  ArtstoreFileId: 'artstore-file-id',
  IdempotencyKey: 'idempotency-key',
} as const;
