import type { Reflector } from '@nestjs/core';
import type { Permission } from '@artstore/contracts';
import { IS_PUBLIC_ROUTE, REQUIRED_PERMISSIONS } from '@artstore/platform';

type MetadataTarget = Parameters<Reflector['get']>[1];

export type RouteAccess =
  { kind: 'public' } | { kind: 'permissions'; permissions: readonly Permission[] } | { kind: 'undeclared' };

/**
 * What a route declares, the handler's decorators before its controller's. A permission rule beats
 * `@Public()` at the same level, so a contradiction fails closed.
 */
export function routeAccessOf(
  reflector: Reflector,
  targets: readonly [handler: MetadataTarget, controller: MetadataTarget],
): RouteAccess {
  for (const target of targets) {
    const permissions = reflector.get<readonly Permission[] | undefined, string>(
      REQUIRED_PERMISSIONS,
      target,
    );
    if (permissions && permissions.length > 0) {
      return { kind: 'permissions', permissions };
    }
    if (reflector.get<boolean | undefined, string>(IS_PUBLIC_ROUTE, target) === true) {
      return { kind: 'public' };
    }
  }
  return { kind: 'undeclared' };
}
