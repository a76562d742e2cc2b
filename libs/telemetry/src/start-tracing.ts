import { register } from 'node:module';
import { createInstrumentations } from './tracing-instrumentations';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

export interface Tracing {
  readonly enabled: boolean;
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing (HTTP in and out, PostgreSQL, Redis) when `OTEL_EXPORTER_OTLP_ENDPOINT`
 * is set. Must run before the app's modules are imported: the ESM loader hook and the CommonJS
 * require hook both patch modules as they load.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (!endpoint) {
    return { enabled: false, shutdown: () => Promise.resolve() };
  }
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const sdk = new NodeSDK({
    serviceName: env['OTEL_SERVICE_NAME'] ?? serviceName,
    traceExporter: new OTLPTraceExporter({ url: new URL('v1/traces', withSlash(endpoint)).toString() }),
    instrumentations: createInstrumentations(),
  });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
