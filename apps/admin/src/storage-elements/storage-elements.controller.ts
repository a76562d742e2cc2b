import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Page, Principal, StorageElementRecord, StorageElementsSummary } from '@artstore/contracts';
import { CurrentPrincipal } from '@artstore/auth';
import { parseInput, RequirePermissions } from '@artstore/platform';
import {
  changeModeSchema,
  elementIdSchema,
  listElementsSchema,
  registerElementSchema,
  updateElementSchema,
} from './dto/storage-element.schemas';
import { ModeChangeService } from './mode-change/mode-change.service';
import { StorageElementsService } from './storage-elements.service';

const elementId = (id: string) => parseInput(elementIdSchema, id, 'element id');

@ApiTags('storage elements')
@ApiBearerAuth()
@Controller('api/v1/storage-elements')
export class StorageElementsController {
  constructor(
    private readonly elements: StorageElementsService,
    private readonly modes: ModeChangeService,
  ) {}

  @Post()
  @RequirePermissions('storage:register')
  @ApiOperation({ summary: 'Register the element answering at url (idempotent on its id)' })
  @ApiResponse({ status: 201, description: 'registered' })
  @ApiResponse({ status: 200, description: 'already registered; refreshed from its /info' })
  @ApiResponse({ status: 422, description: 'no storage element answers at url' })
  async register(
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StorageElementRecord> {
    const { url } = parseInput(registerElementSchema, body, 'request body');
    const { element, created } = await this.elements.register(url, caller.clientId);
    reply.status(created ? 201 : 200);
    return element;
  }

  @Get()
  @RequirePermissions('storage:read')
  @ApiOperation({ summary: 'Every registered element, by priority (filters mode, status)' })
  list(@Query() query: unknown): Promise<Page<StorageElementRecord>> {
    return this.elements.list(parseInput(listElementsSchema, query, 'query'));
  }

  @Get('stats/summary')
  @RequirePermissions('storage:read')
  @ApiOperation({ summary: 'Totals by mode and status, capacity and files' })
  summary(): Promise<StorageElementsSummary> {
    return this.elements.summary();
  }

  @Get(':id')
  @RequirePermissions('storage:read')
  @ApiOperation({ summary: 'One element' })
  get(@Param('id') id: string): Promise<StorageElementRecord> {
    return this.elements.get(elementId(id));
  }

  @Patch(':id')
  @RequirePermissions('storage:write')
  @ApiOperation({ summary: 'Change priority, name or description' })
  update(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
  ): Promise<StorageElementRecord> {
    return this.elements.update(
      elementId(id),
      parseInput(updateElementSchema, body, 'request body'),
      caller.clientId,
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('storage:write')
  @ApiOperation({ summary: 'Remove an empty element from the registry' })
  @ApiResponse({ status: 409, description: 'the element still holds files' })
  async remove(@Param('id') id: string, @CurrentPrincipal() caller: Principal): Promise<void> {
    await this.elements.remove(elementId(id), caller.clientId);
  }

  @Post(':id/mode')
  @RequirePermissions('storage:write')
  @ApiOperation({ summary: 'Change the mode (saga: element → registry → publish → audit)' })
  @ApiResponse({
    status: 200,
    description: 'changed on the element, in the registry and in the published configuration',
  })
  @ApiResponse({
    status: 202,
    description:
      'changed on the element; the saga (Artstore-Saga-Id) is still completing registry, publication or audit',
  })
  @ApiResponse({
    status: 409,
    description: 'transition not allowed; allowed_transitions lists the ones that are',
  })
  @ApiResponse({ status: 503, description: 'the element could not be changed now; nothing was changed' })
  async changeMode(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StorageElementRecord> {
    const request = parseInput(changeModeSchema, body, 'request body');
    const outcome = await this.modes.changeMode(elementId(id), request, caller.clientId);
    reply.header('artstore-saga-id', outcome.sagaId);
    reply.status(outcome.finished ? 200 : 202);
    return outcome.element;
  }
}
