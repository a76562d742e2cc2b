import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type {
  Page,
  Principal,
  RotatedSecret,
  ServiceAccount,
  ServiceAccountWithSecret,
} from '@artstore/contracts';
import { CurrentPrincipal } from '@artstore/auth';
import { parseInput, RequirePermissions } from '@artstore/platform';
import {
  accountIdSchema,
  createServiceAccountSchema,
  listServiceAccountsSchema,
  rotateSecretSchema,
  updateServiceAccountSchema,
} from './dto/service-account.schemas';
import { ServiceAccountsError } from './service-accounts.errors';
import { ServiceAccountsService } from './service-accounts.service';

@ApiTags('service accounts')
@ApiBearerAuth()
@Controller('api/v1/service-accounts')
export class ServiceAccountsController {
  constructor(private readonly accounts: ServiceAccountsService) {}

  @Post()
  @RequirePermissions('accounts:write')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Create an account; the response is the only time its secret is shown' })
  @ApiResponse({ status: 201 })
  @ApiResponse({ status: 409, description: 'client_id already in use' })
  create(@Body() body: unknown, @CurrentPrincipal() caller: Principal): Promise<ServiceAccountWithSecret> {
    return this.accounts.create(
      parseInput(createServiceAccountSchema, body, 'request body'),
      caller.clientId,
    );
  }

  @Get()
  @RequirePermissions('accounts:read')
  @ApiOperation({ summary: 'List accounts (filters role, status; keyset cursor)' })
  list(@Query() query: unknown): Promise<Page<ServiceAccount>> {
    return this.accounts.list(parseInput(listServiceAccountsSchema, query, 'query'));
  }

  @Get(':id')
  @RequirePermissions('accounts:read')
  @ApiOperation({ summary: 'One account' })
  get(@Param('id') id: string): Promise<ServiceAccount> {
    return this.accounts.get(accountId(id));
  }

  @Patch(':id')
  @RequirePermissions('accounts:write')
  @ApiOperation({ summary: 'Change name, description, role, status or rate limit' })
  update(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
  ): Promise<ServiceAccount> {
    return this.accounts.update(
      accountId(id),
      parseInput(updateServiceAccountSchema, body, 'request body'),
      caller.clientId,
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('accounts:write')
  @ApiOperation({ summary: 'Delete an account; it gets no new tokens' })
  async delete(@Param('id') id: string, @CurrentPrincipal() caller: Principal): Promise<void> {
    await this.accounts.delete(accountId(id), caller.clientId);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @RequirePermissions('accounts:write')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'New secret, shown once; the previous one works for the grace period' })
  rotateSecret(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
  ): Promise<RotatedSecret> {
    const input = parseInput(rotateSecretSchema, body ?? undefined, 'request body');
    return this.accounts.rotateSecret(accountId(id), input?.client_secret, caller.clientId);
  }
}

/** A malformed id names no account: 404, the same as an unknown one. */
function accountId(id: string): string {
  if (!accountIdSchema.safeParse(id).success) {
    throw ServiceAccountsError.notFound(id);
  }
  return id;
}
