import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FileMetadata } from '@artstore/contracts';
import { parseInput, RequirePermissions } from '@artstore/platform';
import { fileIdSchema } from '../search/dto/search.schemas';
import { FileMetadataError } from './file-metadata.errors';
import { FileMetadataCache } from './file-metadata.cache';

@ApiTags('files')
@ApiBearerAuth()
@Controller('api/v1/files')
export class FileMetadataController {
  constructor(private readonly cache: FileMetadataCache) {}

  @Get(':id')
  @RequirePermissions('files:read')
  @ApiOperation({ summary: "A file's metadata (attr.json field names), from the index through its caches" })
  @ApiParam({ name: 'id', description: 'the file id, a lowercase UUID' })
  @ApiResponse({ status: 200, description: 'the FileMetadata' })
  @ApiResponse({ status: 400, description: 'invalid_input: not a file id' })
  @ApiResponse({ status: 404, description: 'file_not_found' })
  async get(@Param('id') id: string): Promise<FileMetadata> {
    const fileId = parseInput(fileIdSchema, id, 'file id');
    const file = await this.cache.get(fileId);
    if (!file) {
      throw FileMetadataError.notFound(fileId);
    }
    return file;
  }
}
