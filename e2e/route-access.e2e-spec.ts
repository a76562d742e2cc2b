import { randomBytes } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createLogger, loadConfig, type PlatformEnv, type ServiceDefinition } from '@artstore/platform';
import { listRouteAccess } from '@artstore/testing';
import { adminService } from '../apps/admin/src/admin.service';
import { adminEnvSchema } from '../apps/admin/src/config/admin.config';
import { ingesterService } from '../apps/ingester/src/ingester.service';
import { ingesterEnvSchema } from '../apps/ingester/src/config/ingester.config';
import { queryService } from '../apps/query/src/query.service';
import { queryEnvSchema } from '../apps/query/src/config/query.config';
import { storageElementService } from '../apps/storage-element/src/storage-element.service';
import { storageElementEnvSchema } from '../apps/storage-element/src/config/storage-element.config';

/** Variables the services require, with values good enough to build their module trees. */
const ENV = {
  ARTSTORE_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  SE_ID: 'se-routes',
  SE_MODE: 'edit',
  SE_CAPACITY_BYTES: String(1024 ** 3),
};

const logger = createLogger({ serviceName: 'route-access', level: 'silent', format: 'json' });

function rootModuleOf<Config extends PlatformEnv>(
  definition: ServiceDefinition<Config>,
  schema: z.ZodType<Config>,
): DynamicModule {
  return definition.rootModule(loadConfig(definition.serviceName, schema, ENV), logger);
}

const SERVICES: [string, () => DynamicModule][] = [
  ['admin', () => rootModuleOf(adminService, adminEnvSchema)],
  ['ingester', () => rootModuleOf(ingesterService, ingesterEnvSchema)],
  ['query', () => rootModuleOf(queryService, queryEnvSchema)],
  ['storage-element', () => rootModuleOf(storageElementService, storageElementEnvSchema)],
];

// The guard refuses undeclared routes at run time (403); this finds them before anyone calls one.
describe('route access declarations', () => {
  it.each(SERVICES)('every %s route is @Public() or @RequirePermissions()', async (_service, rootModule) => {
    const routes = await listRouteAccess(rootModule());
    expect(routes.map((entry) => entry.route)).toContainEqual(expect.stringMatching(/^GET \/health\/ready /));
    expect(routes.filter((entry) => entry.access === 'undeclared').map((entry) => entry.route)).toEqual([]);
  });
});
