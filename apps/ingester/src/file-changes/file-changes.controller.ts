import { Body, Controller, Delete, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '@artstore/auth';
import type { FileMetadata, Principal } from '@artstore/contracts';
import { RequirePermissions } from '@artstore/platform';
import type { FileChangeOutcome } from './file-change-outcome';
import { parseFilePatch } from './file-patch.schema';
import { FileChangesService } from './file-changes.service';

const ACCEPTED = {
  status: 202,
  description:
    'The element changed; the registry follows (saga retrying forward). Artstore-Saga-Id and body {saga_id}',
};
const UNAVAILABLE = { status: 503, description: 'An element or the registry is unavailable; Retry-After' };

@ApiTags('files')
@ApiBearerAuth()
@ApiParam({ name: 'id', description: 'File id (lowercase UUID)' })
@Controller('api/v1/files')
export class FileChangesController {
  constructor(private readonly changes: FileChangesService) {}

  @Post(':id/finalize')
  @RequirePermissions('files:write')
  @ApiOperation({
    summary:
      'Make a temporary file permanent (saga: copy to a rw element, verify, register, remove original)',
  })
  @ApiResponse({ status: 200, description: "The file's metadata (attr.json field names)" })
  @ApiResponse(ACCEPTED)
  @ApiResponse({ status: 404, description: 'file_not_found' })
  @ApiResponse({ status: 409, description: 'file_already_permanent' })
  @ApiResponse({ status: 502, description: 'The copy did not match or an element refused it; undone' })
  @ApiResponse(UNAVAILABLE)
  async finalize(
    @Param('id') id: string,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FileMetadata | { saga_id: string }> {
    return answer(reply, await this.changes.finalize(id, caller.clientId), 200);
  }

  @Patch(':id')
  @RequirePermissions('files:write')
  @ApiOperation({ summary: "Change a file's description, tags or metadata (saga: element, then registry)" })
  @ApiResponse({ status: 200, description: 'The file with its new version' })
  @ApiResponse(ACCEPTED)
  @ApiResponse({ status: 400, description: 'invalid_input: unknown field, wrong type, nothing to change' })
  @ApiResponse({ status: 404, description: 'file_not_found' })
  @ApiResponse({
    status: 409,
    description: "operation_not_allowed_in_mode: the element's mode forbids updates",
  })
  @ApiResponse(UNAVAILABLE)
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FileMetadata | { saga_id: string }> {
    return answer(reply, await this.changes.updateAttributes(id, parseFilePatch(body), caller.clientId), 200);
  }

  @Delete(':id')
  @RequirePermissions('files:delete')
  @ApiOperation({ summary: 'Delete a file where its element allows it (saga: element, then registry)' })
  @ApiResponse({ status: 204, description: 'Deleted from the element and the registry' })
  @ApiResponse(ACCEPTED)
  @ApiResponse({ status: 404, description: 'file_not_found' })
  @ApiResponse({
    status: 409,
    description: "operation_not_allowed_in_mode: the element's mode forbids deletes",
  })
  @ApiResponse(UNAVAILABLE)
  async delete(
    @Param('id') id: string,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ saga_id: string } | void> {
    return answer(reply, await this.changes.delete(id, caller.clientId), 204);
  }
}

function answer<T>(
  reply: FastifyReply,
  outcome: FileChangeOutcome<T>,
  status: number,
): T | { saga_id: string } {
  if (outcome.status === 'accepted') {
    // Like the admin's mode change: the saga id in a header and the body.
    void reply.status(202).header('artstore-saga-id', outcome.sagaId);
    return { saga_id: outcome.sagaId };
  }
  void reply.status(status);
  return outcome.value;
}
