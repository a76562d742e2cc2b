import { startTracing } from '@artstore/telemetry';

// Tracing hooks must be in place before the app's modules (pg, ioredis, http) are loaded.
const tracing = startTracing('ingester');
const { runService } = await import('@artstore/platform');
const { ingesterService } = await import('./ingester.service');
const { ingesterEnvSchema } = await import('./config/ingester.config');
await runService(ingesterService, ingesterEnvSchema, tracing);
