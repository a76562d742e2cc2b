import { Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '@artstore/auth';
import type { Principal } from '@artstore/contracts';
import { RequirePermissions, StreamedBody, streamedBodyOf, streamedContentTypeOf } from '@artstore/platform';
import { UploadError } from './upload.errors';
import { UploadsService } from './uploads.service';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function declaredLength(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

@ApiTags('uploads')
@ApiBearerAuth()
@Controller('api/v1/files')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post('upload')
  @StreamedBody()
  @RequirePermissions('files:write')
  @ApiOperation({
    summary: 'Upload a file (multipart/form-data, streamed through the upload saga)',
    description:
      'Text fields first — description, tags (repeated or comma-separated), retention_policy ' +
      '(temporary|permanent), ttl_days (1–365, temporary only), metadata (JSON object) — then the part "file".',
  })
  @ApiConsumes('multipart/form-data')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeats return the first result' })
  @ApiResponse({ status: 201, description: 'Stored and registered' })
  @ApiResponse({ status: 400, description: 'Bad form; nothing stored' })
  @ApiResponse({ status: 409, description: 'Idempotency-Key reused for another upload, or still running' })
  @ApiResponse({ status: 413, description: 'Over ARTSTORE_MAX_UPLOAD_BYTES' })
  @ApiResponse({ status: 502, description: 'The element stored other bytes; undone' })
  @ApiResponse({
    status: 503,
    description: 'No element can take the file, or a dependency failed; Retry-After',
  })
  async upload(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() caller: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('content-length') contentLength: string | undefined,
  ): Promise<void> {
    const body = streamedBodyOf(request);
    try {
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw UploadError.invalidForm('The Idempotency-Key header must be 1–255 visible ASCII characters.');
      }
      const outcome = await this.uploads.upload({
        body,
        contentType: streamedContentTypeOf(request),
        contentLength: declaredLength(contentLength),
        clientId: caller.clientId,
        idempotencyKey,
      });
      if (outcome.replayed) {
        void reply.header('idempotent-replayed', 'true');
      }
      await reply.status(201).send(outcome.response);
    } catch (error) {
      // Refused before the whole body was read: do not make the client send (or us read) the rest.
      if (!body.readableEnded) {
        void reply.header('connection', 'close');
      }
      throw error;
    }
  }
}
