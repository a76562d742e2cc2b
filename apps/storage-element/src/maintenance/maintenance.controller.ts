import { Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { APP_CONFIG, parseInput, RequirePermissions } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { FileCacheMaintenanceService } from '../file-cache/file-cache-maintenance.service';
import { CorruptedFilesRepository, type CorruptedFile } from '../integrity/corrupted-files.repository';
import { ScrubService, type ScrubReport } from '../integrity/scrub.service';
import { consistencyReportBody, rebuildReportBody } from './maintenance-reports';

const corruptedQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(1000).default(100) })
  .strict();

/** SPEC §4 maintenance: rebuild the cache from attr.json, report drift, verify every file. */
@ApiTags('maintenance')
@ApiBearerAuth()
@Controller('api/v1/maintenance')
export class MaintenanceController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: StorageElementConfig,
    private readonly cacheMaintenance: FileCacheMaintenanceService,
    private readonly scrubs: ScrubService,
    private readonly corrupted: CorruptedFilesRepository,
  ) {}

  @Post('rebuild-cache')
  @HttpCode(200)
  @RequirePermissions('storage:write')
  @ApiOperation({ summary: 'Replace the database cache with what the attr.json files say' })
  async rebuildCache(): Promise<ReturnType<typeof rebuildReportBody>> {
    return rebuildReportBody(await this.cacheMaintenance.rebuildCacheFromFiles(), this.config.SE_DATA_DIR);
  }

  @Get('consistency')
  @RequirePermissions('storage:read')
  @ApiOperation({ summary: 'Compare the cache with the attr.json files (read only)' })
  async consistency(): Promise<ReturnType<typeof consistencyReportBody>> {
    return consistencyReportBody(await this.cacheMaintenance.consistencyReport(), this.config.SE_DATA_DIR);
  }

  @Post('scrub')
  @HttpCode(200)
  @RequirePermissions('storage:write')
  @ApiOperation({
    summary: 'Re-hash every file against its attr.json sha256; corrupted files stop being served',
  })
  @ApiResponse({ status: 409, description: 'A scrub is already running' })
  scrub(): Promise<ScrubReport> {
    return this.scrubs.scrub('api');
  }

  @Get('corrupted-files')
  @RequirePermissions('storage:read')
  @ApiOperation({ summary: 'Files known to be corrupted, in file id order' })
  @ApiQuery({ name: 'limit', required: false })
  async corruptedFiles(@Query() query: unknown): Promise<{ items: CorruptedFile[] }> {
    const { limit } = parseInput(corruptedQuerySchema, query, 'query');
    return { items: await this.corrupted.list(limit) };
  }
}
