import { Controller, Get, Module, Post } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { Public, RequirePermissions } from '@artstore/platform';
import { listRouteAccess } from './route-access';

@Controller('things')
class ThingsController {
  @Public()
  @Get()
  list(): void {}

  @RequirePermissions('files:write')
  @Post(':id')
  create(): void {}

  @Get('forgotten')
  forgotten(): void {}

  helper(): void {}
}

@RequirePermissions('audit:read')
@Controller('audit')
class AuditController {
  @Get()
  events(): void {}
}

@Module({ controllers: [AuditController] })
class AuditModule {}

@Module({ imports: [AuditModule], controllers: [ThingsController] })
class AppModule {}

@Module({})
class HostModule {}

describe(listRouteAccess.name, () => {
  it('finds every route of the module tree with the rule it declares, and only routes', async () => {
    const routes = await listRouteAccess(AppModule);
    expect(routes).toHaveLength(4);
    expect(routes).toEqual(
      expect.arrayContaining([
        { route: 'GET /things (ThingsController.list)', access: 'public' },
        { route: 'POST /things/:id (ThingsController.create)', access: 'permissions' },
        { route: 'GET /things/forgotten (ThingsController.forgotten)', access: 'undeclared' },
        { route: 'GET /audit (AuditController.events)', access: 'permissions' },
      ]),
    );
  });

  it('reaches the controllers a dynamic module declares', async () => {
    const routes = await listRouteAccess({ module: HostModule, controllers: [ThingsController] });
    expect(routes.filter((entry) => entry.access === 'undeclared')).toEqual([
      { route: 'GET /things/forgotten (ThingsController.forgotten)', access: 'undeclared' },
    ]);
  });
});
