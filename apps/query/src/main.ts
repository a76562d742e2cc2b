import { startTracing } from '@artstore/telemetry';

// Tracing hooks must be in place before the app's modules (pg, ioredis, http) are loaded.
const tracing = startTracing('query');
const { runService } = await import('@artstore/platform');
const { queryService } = await import('./query.service');
const { queryEnvSchema } = await import('./config/query.config');
await runService(queryService, queryEnvSchema, tracing);
