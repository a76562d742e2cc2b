import { startTracing } from '@artstore/telemetry';

// Tracing hooks must be in place before the app's modules (pg, ioredis, http) are loaded.
const tracing = startTracing('admin');
const { runService } = await import('@artstore/platform');
const { adminService } = await import('./admin.service');
const { adminEnvSchema } = await import('./config/admin.config');
await runService(adminService, adminEnvSchema, tracing);
