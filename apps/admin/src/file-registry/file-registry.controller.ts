import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '@artstore/auth';
import type { FileMetadata, Page, Principal } from '@artstore/contracts';
import { InvalidInputError, parseInput, RequirePermissions } from '@artstore/platform';
import { fileIdSchema, fileMetadataSchema, listFilesQuerySchema } from './dto/file-metadata.schemas';
import { unregisterQuerySchema } from './dto/unregister-query.schema';
import { FileRegistryService } from './file-registry.service';

const fileId = (id: string) => parseInput(fileIdSchema, id, 'file id');

@ApiTags('file registry')
@ApiBearerAuth()
@Controller('api/v1/files')
export class FileRegistryController {
  constructor(private readonly registry: FileRegistryService) {}

  @Put(':id')
  @RequirePermissions('files:register')
  @ApiOperation({ summary: 'Register or update a file by version (internal: the ingester sagas)' })
  @ApiResponse({ status: 201, description: 'registered' })
  @ApiResponse({
    status: 200,
    description: 'updated to a higher version, or the same version and content again',
  })
  @ApiResponse({
    status: 409,
    description: 'version_conflict (same version, other content) or stale_version',
  })
  async register(
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FileMetadata> {
    const pathId = fileId(id);
    const file = parseInput(fileMetadataSchema, body, 'request body');
    if (file.file_id !== pathId) {
      throw new InvalidInputError('request body', [
        { field: 'file_id', message: 'must equal the id in the path' },
      ]);
    }
    const { file: stored, created } = await this.registry.register(file);
    reply.status(created ? 201 : 200);
    return stored;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('files:register')
  @ApiOperation({
    summary: 'Unregister a file (idempotent: 204 whether or not it was registered)',
    description:
      'With reason=deleted|expired (a delete, not a saga undoing its own registration) the removal is ' +
      'audited as file.deleted or file.expired, on behalf of requested_by (default: the caller).',
  })
  @ApiQuery({ name: 'reason', required: false, enum: ['deleted', 'expired'] })
  @ApiQuery({ name: 'requested_by', required: false })
  async unregister(
    @Param('id') id: string,
    @Query() query: unknown,
    @CurrentPrincipal() caller: Principal,
  ): Promise<void> {
    const pathId = fileId(id);
    const { reason, requested_by: requestedBy } = parseInput(unregisterQuerySchema, query, 'query');
    await this.registry.unregister(
      pathId,
      reason === undefined
        ? undefined
        : { reason, actor: requestedBy ?? caller.clientId, via: caller.clientId },
    );
  }

  @Get(':id')
  @RequirePermissions('files:read')
  @ApiOperation({ summary: "A registered file's metadata" })
  @ApiResponse({ status: 404, description: 'file_not_found' })
  get(@Param('id') id: string): Promise<FileMetadata> {
    return this.registry.get(fileId(id));
  }

  @Get()
  @RequirePermissions('files:read')
  @ApiOperation({
    summary:
      'Registered files by (created_at, file_id); filters storage_element_id, retention_policy, uploaded_by, ' +
      'expires_before, created_after (inclusive), created_before (exclusive); limit, cursor',
  })
  list(@Query() query: unknown): Promise<Page<FileMetadata>> {
    return this.registry.list(parseInput(listFilesQuerySchema, query, 'query'));
  }
}
