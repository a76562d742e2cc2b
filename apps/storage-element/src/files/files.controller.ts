import {
  Body,
  Controller,
  Delete,
  Get,
  Head,
  HttpCode,
  Param,
  Patch,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CurrentPrincipal } from '@artstore/auth';
import { HttpHeader, type AttrJson, type Page, type Principal } from '@artstore/contracts';
import {
  parseInput,
  RequirePermissions,
  StreamedBody,
  streamedBodyOf,
  streamedContentTypeOf,
} from '@artstore/platform';
import { planDownload, type DownloadRequest } from './download-plan';
import { FilesService } from './files.service';
import { fileAttributesPatchSchema, parseNewFileAttributes } from './new-file-attributes.header';
import { expectedSha256FromReprDigest } from './repr-digest';

const listQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().min(1).optional(),
  })
  .strict();

const deleteQuerySchema = z.object({ saga_id: z.string().min(1).max(256).optional() }).strict();

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function declaredLength(request: FastifyRequest): number | undefined {
  const value = header(request, 'content-length');
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function downloadRequest(request: FastifyRequest, method: 'GET' | 'HEAD'): DownloadRequest {
  return {
    method,
    ifMatch: header(request, 'if-match'),
    ifNoneMatch: header(request, 'if-none-match'),
    ifModifiedSince: header(request, 'if-modified-since'),
    ifUnmodifiedSince: header(request, 'if-unmodified-since'),
    range: header(request, 'range'),
    ifRange: header(request, 'if-range'),
  };
}

@ApiTags('files')
@ApiBearerAuth()
@Controller('api/v1/files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Put(':fileId')
  @StreamedBody()
  @RequirePermissions('files:write')
  @ApiOperation({ summary: 'Store a file (raw streamed body); the same id and content again answers 200' })
  @ApiHeader({
    name: 'Artstore-Attributes',
    required: true,
    description: 'base64url(JSON) of the attributes',
  })
  @ApiHeader({ name: 'Repr-Digest', required: false, description: 'Expected checksum, sha-256=:<base64>:' })
  @ApiResponse({ status: 201, description: 'Stored; the attr.json document' })
  @ApiResponse({ status: 200, description: 'Already stored with the same content' })
  @ApiResponse({ status: 409, description: 'The id holds other content, or the mode refuses creates' })
  @ApiResponse({ status: 413, description: 'Over ARTSTORE_MAX_UPLOAD_BYTES' })
  @ApiResponse({ status: 507, description: 'Over the free capacity of the element' })
  async store(
    @Param('fileId') fileId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() caller: Principal,
  ): Promise<void> {
    const body = streamedBodyOf(request);
    const contentLength = declaredLength(request);
    try {
      const attributes = parseNewFileAttributes(
        header(request, HttpHeader.ArtstoreAttributes),
        streamedContentTypeOf(request),
        caller.clientId,
      );
      const result = await this.files.store({
        fileId,
        body,
        contentLength,
        expectedSha256: expectedSha256FromReprDigest(header(request, HttpHeader.ReprDigest)),
        attributes,
      });
      await reply.status(result.created ? 201 : 200).send(result.attributes);
    } catch (error) {
      // Refused before the body was read: do not make the client send (or us read) the rest of it.
      if (!body.readableEnded) {
        void reply.header('connection', 'close');
      }
      throw error;
    }
  }

  @Head(':fileId')
  @RequirePermissions('files:read')
  @ApiOperation({ summary: 'The headers a GET would answer, without the body' })
  async head(
    @Param('fileId') fileId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const attributes = await this.files.attributes(fileId);
    const plan = planDownload(downloadRequest(request, 'HEAD'), attributes);
    await reply.status(plan.status).headers(plan.headers).send();
  }

  @Get(':fileId')
  @RequirePermissions('files:read')
  @ApiOperation({ summary: 'Download the file: single Range, ETag, conditional requests, Repr-Digest' })
  @ApiResponse({ status: 200, description: 'The whole file' })
  @ApiResponse({ status: 206, description: 'The requested byte range' })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match / If-Modified-Since)' })
  @ApiResponse({ status: 416, description: 'The range is not satisfiable' })
  async download(
    @Param('fileId') fileId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const attributes = await this.files.attributes(fileId);
    const plan = planDownload(downloadRequest(request, 'GET'), attributes);
    if (plan.status !== 200 && plan.status !== 206) {
      await reply.status(plan.status).headers(plan.headers).send();
      return;
    }
    const content = await this.files.content(attributes, plan.status === 206 ? plan.range : undefined);
    await reply.status(plan.status).headers(plan.headers).send(content.stream);
  }

  @Get(':fileId/attributes')
  @RequirePermissions('files:read')
  @ApiOperation({ summary: "The file's attr.json" })
  attributes(@Param('fileId') fileId: string): Promise<AttrJson> {
    return this.files.attributes(fileId);
  }

  @Patch(':fileId/attributes')
  @RequirePermissions('files:write')
  @ApiOperation({ summary: 'Change attributes (version + 1); where the mode allows metadata updates' })
  updateAttributes(@Param('fileId') fileId: string, @Body() body: unknown): Promise<AttrJson> {
    return this.files.updateAttributes(fileId, parseInput(fileAttributesPatchSchema, body, 'request body'));
  }

  @Delete(':fileId')
  @HttpCode(200)
  @RequirePermissions('files:delete')
  @ApiOperation({ summary: 'Delete the file; a saga compensation passes its saga_id' })
  @ApiQuery({ name: 'saga_id', required: false })
  delete(@Param('fileId') fileId: string, @Query() query: unknown): Promise<AttrJson> {
    return this.files.delete(fileId, parseInput(deleteQuerySchema, query, 'query').saga_id);
  }

  @Get()
  @RequirePermissions('files:read')
  @ApiOperation({ summary: 'Keyset-paginated listing in file id (creation) order' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@Query() query: unknown): Promise<Page<AttrJson>> {
    const { limit, cursor } = parseInput(listQuerySchema, query, 'query');
    return this.files.list(limit, cursor);
  }
}
