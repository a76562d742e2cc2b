import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@artstore/contracts';

export const REQUIRED_PERMISSIONS = 'artstore:required-permissions';

/**
 * The permissions a route needs; the token must carry all of them. Every route either has this or
 * `@Public()` — a test walks the routes of each service to prove it.
 */
export const RequirePermissions = (
  ...permissions: [Permission, ...Permission[]]
): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_PERMISSIONS, permissions);
