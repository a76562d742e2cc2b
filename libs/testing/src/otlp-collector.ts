import http from 'node:http';

export interface CollectedSpan {
  traceId: string;
  name: string;
  kind: number;
  scope: string;
}

interface OtlpExport {
  resourceSpans?: {
    scopeSpans?: { scope?: { name?: string }; spans?: { traceId: string; name: string; kind: number }[] }[];
  }[];
}

/** A minimal OTLP/HTTP JSON trace receiver, standing in for Jaeger or an OpenTelemetry collector. */
export async function startOtlpCollector(): Promise<{
  url: string;
  spans: CollectedSpan[];
  close(): Promise<void>;
}> {
  const spans: CollectedSpan[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/v1/traces' && request.headers['content-type']?.includes('json')) {
        const payload = JSON.parse(body) as OtlpExport;
        for (const resource of payload.resourceSpans ?? []) {
          for (const scoped of resource.scopeSpans ?? []) {
            for (const span of scoped.spans ?? []) {
              spans.push({
                traceId: span.traceId,
                name: span.name,
                kind: span.kind,
                scope: scoped.scope?.name ?? '',
              });
            }
          }
        }
      }
      response.setHeader('content-type', 'application/json').end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
