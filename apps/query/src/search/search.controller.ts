import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { parseInput, RequirePermissions } from '@artstore/platform';
import { searchBodySchema, searchQuerySchema } from './dto/search.schemas';
import { SearchService, type SearchPage } from './search.service';

const FILTERS =
  'query (full text over filename, description, tags), filename + filename_match (exact|prefix|contains), ' +
  'content_type, extension, tags (all of), uploaded_by, min_size, max_size, created_after (inclusive), ' +
  'created_before (exclusive), retention_policy, storage_element_id, metadata; sort_by ' +
  '(created_at|size_bytes|filename|relevance), sort_order (asc|desc), limit (1-1000, default 100), cursor';

const PAGE_DESCRIPTION =
  '{items, next_cursor, total, total_is_estimate}: total is exact up to SEARCH_EXACT_TOTAL_LIMIT matches, ' +
  'above it an estimate with total_is_estimate true';

@ApiTags('search')
@ApiBearerAuth()
@Controller('api/v1')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Post('search')
  @HttpCode(200)
  @RequirePermissions('files:read')
  @ApiOperation({ summary: 'Search the file index', description: `JSON body: ${FILTERS}.` })
  @ApiBody({ schema: { type: 'object', additionalProperties: false } })
  @ApiResponse({ status: 200, description: PAGE_DESCRIPTION })
  @ApiResponse({ status: 400, description: 'invalid_input (names each bad field) or invalid_cursor' })
  searchByBody(@Body() body: unknown): Promise<SearchPage> {
    return this.search.search(parseInput(searchBodySchema, body ?? {}, 'request body'));
  }

  @Get('files')
  @RequirePermissions('files:read')
  @ApiOperation({
    summary: 'List files matching filters given as query parameters',
    description: `${FILTERS}. tags repeated or comma-separated; metadata as metadata.<key>=<value>.`,
  })
  @ApiQuery({ name: 'query', required: false })
  @ApiQuery({ name: 'tags', required: false, isArray: true, type: String })
  @ApiQuery({ name: 'sort_by', required: false, enum: ['created_at', 'size_bytes', 'filename', 'relevance'] })
  @ApiQuery({ name: 'sort_order', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiResponse({ status: 200, description: PAGE_DESCRIPTION })
  @ApiResponse({ status: 400, description: 'invalid_input (names each bad parameter) or invalid_cursor' })
  searchByQuery(@Query() query: unknown): Promise<SearchPage> {
    return this.search.search(parseInput(searchQuerySchema, query ?? {}, 'query'));
  }
}
