import { startTracing } from '@artstore/telemetry';

// Tracing hooks must be in place before the app's modules (pg, ioredis, http) are loaded.
const tracing = startTracing('storage-element');
const { runService } = await import('@artstore/platform');
const { storageElementService } = await import('./storage-element.service');
const { storageElementEnvSchema } = await import('./config/storage-element.config');
await runService(storageElementService, storageElementEnvSchema, tracing);
