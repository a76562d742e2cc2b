import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, NestFactory } from '@nestjs/core';
import { IS_PUBLIC_ROUTE, REQUIRED_PERMISSIONS } from '@artstore/platform';

export interface RouteAccessEntry {
  /** e.g. `GET /health/ready (HealthController.ready)`. */
  route: string;
  access: 'public' | 'permissions' | 'undeclared';
}

/**
 * Every HTTP route of a module tree and the access rule it declares, read from decorator metadata.
 * The tree is built in Nest's preview mode, so no provider runs (no database, no network).
 */
export async function listRouteAccess(rootModule: DynamicModule | Type): Promise<RouteAccessEntry[]> {
  const context = await NestFactory.createApplicationContext(rootModule, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    const scanner = new MetadataScanner();
    const entries: RouteAccessEntry[] = [];
    for (const module of context.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as Type | null;
        if (controller) {
          entries.push(...routesOf(controller, scanner));
        }
      }
    }
    return entries;
  } finally {
    await context.close();
  }
}

function routesOf(controller: Type, scanner: MetadataScanner): RouteAccessEntry[] {
  const prototype = controller.prototype as Record<string, unknown>;
  const base = pathOf(controller);
  return scanner.getAllMethodNames(prototype).flatMap((name) => {
    const handler = prototype[name];
    if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) {
      return [];
    }
    const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
    const path = `/${[base, pathOf(handler)].filter((part) => part !== '').join('/')}`;
    return [
      { route: `${method} ${path} (${controller.name}.${name})`, access: accessOf(handler, controller) },
    ];
  });
}

function pathOf(target: object): string {
  const path: unknown = Reflect.getMetadata(PATH_METADATA, target);
  const first = Array.isArray(path) ? (path[0] as unknown) : path;
  return typeof first === 'string' ? first.replace(/^\/+|\/+$/g, '') : '';
}

// Same rule as the guard in libs/auth: the handler or its controller must declare one or the other.
function accessOf(handler: object, controller: object): RouteAccessEntry['access'] {
  const targets = [handler, controller];
  if (
    targets.some(
      (target) =>
        ((Reflect.getMetadata(REQUIRED_PERMISSIONS, target) as unknown[] | undefined)?.length ?? 0) > 0,
    )
  ) {
    return 'permissions';
  }
  if (targets.some((target) => Reflect.getMetadata(IS_PUBLIC_ROUTE, target) === true)) {
    return 'public';
  }
  return 'undeclared';
}
