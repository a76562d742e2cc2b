import { Controller, Delete, Head, Options, Param, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExcludeEndpoint,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '@artstore/auth';
import type { Principal } from '@artstore/contracts';
import { RequirePermissions, StreamedBody } from '@artstore/platform';
import { ResumableUploadsService } from './resumable-uploads.service';

@ApiTags('uploads')
@ApiBearerAuth()
@ApiHeader({ name: 'Tus-Resumable', required: true, description: '1.0.0' })
@Controller('api/v1/uploads')
export class ResumableUploadsController {
  constructor(private readonly uploads: ResumableUploadsService) {}

  @Post()
  @StreamedBody()
  @RequirePermissions('files:write')
  @ApiOperation({
    summary: 'Create a resumable upload (tus 1.0.0 creation, creation-with-upload)',
    description:
      'Upload-Length and Upload-Metadata (filename, filetype, retention_policy, ttl_days, description, ' +
      'tags, metadata, sha256). The upload id is the file id.',
  })
  @ApiResponse({ status: 201, description: 'Created; Location is the upload URL' })
  @ApiResponse({ status: 400, description: 'Bad Upload-Metadata; nothing staged' })
  @ApiResponse({ status: 413, description: 'Upload-Length over ARTSTORE_MAX_UPLOAD_BYTES' })
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() caller: Principal,
  ): Promise<void> {
    await this.uploads.handle(request, reply, caller.clientId, undefined);
  }

  @Head(':id')
  @RequirePermissions('files:write')
  @ApiOperation({ summary: 'Offset of a resumable upload; 423 while its complete bytes are being stored' })
  @ApiResponse({ status: 200, description: 'Upload-Offset; Artstore-File-Id once stored' })
  @ApiResponse({ status: 404, description: 'No such upload of this client' })
  @ApiResponse({ status: 423, description: 'Being stored; Retry-After' })
  async offset(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() caller: Principal,
    @Param('id') id: string,
  ): Promise<void> {
    await this.uploads.handle(request, reply, caller.clientId, id);
  }

  @Patch(':id')
  @StreamedBody()
  @RequirePermissions('files:write')
  @ApiOperation({
    summary: 'Append bytes (application/offset+octet-stream)',
    description: 'The last PATCH answers once the file is stored and registered, with Artstore-File-Id.',
  })
  @ApiResponse({ status: 204, description: 'Upload-Offset acknowledged (fsynced)' })
  @ApiResponse({ status: 409, description: 'Upload-Offset does not match' })
  @ApiResponse({ status: 460, description: 'The file does not match the sha256 in Upload-Metadata' })
  @ApiResponse({ status: 503, description: 'Could not be stored now; retry (HEAD) to try again' })
  async append(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() caller: Principal,
    @Param('id') id: string,
  ): Promise<void> {
    await this.uploads.handle(request, reply, caller.clientId, id);
  }

  @Delete(':id')
  @RequirePermissions('files:write')
  @ApiOperation({ summary: 'Terminate an unfinished resumable upload (its staged bytes are removed)' })
  @ApiResponse({ status: 204, description: 'Terminated' })
  async terminate(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() caller: Principal,
    @Param('id') id: string,
  ): Promise<void> {
    await this.uploads.handle(request, reply, caller.clientId, id);
  }

  @Options()
  @RequirePermissions('files:write')
  @ApiExcludeEndpoint()
  async discover(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() caller: Principal,
  ): Promise<void> {
    await this.uploads.handle(request, reply, caller.clientId, undefined);
  }
}
