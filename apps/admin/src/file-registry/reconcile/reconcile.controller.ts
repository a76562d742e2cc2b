import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@artstore/contracts';
import { CurrentPrincipal } from '@artstore/auth';
import { parseInput, RequirePermissions } from '@artstore/platform';
import { reconcileRequestSchema } from '../dto/file-metadata.schemas';
import { FileReconciler } from './file-reconciler';
import { FileRepair } from './file-repair';
import type { ReconcileReport } from './reconcile-report';

@ApiTags('file registry')
@ApiBearerAuth()
@Controller('api/v1/maintenance')
export class ReconcileController {
  constructor(
    private readonly reconciler: FileReconciler,
    private readonly repair: FileRepair,
  ) {}

  @Post('reconcile')
  @HttpCode(200)
  @RequirePermissions('storage:write')
  @ApiOperation({
    summary:
      "Repair the file registry from every element's listing (or element_id's), or one file (file_id) from " +
      'whichever element holds it, republishing events',
  })
  @ApiResponse({
    status: 200,
    description: 'the report; elements_failed counts elements that could not be walked',
  })
  @ApiResponse({ status: 400, description: 'not {element_id?} or {file_id}' })
  @ApiResponse({ status: 404, description: 'element_id is not registered' })
  reconcile(@Body() body: unknown, @CurrentPrincipal() caller: Principal): Promise<ReconcileReport> {
    const request = parseInput(reconcileRequestSchema, body ?? undefined, 'request body');
    if (request && 'file_id' in request) {
      return this.repair.repair(request.file_id, caller.clientId);
    }
    return this.reconciler.reconcile({ elementId: request?.element_id, actor: caller.clientId });
  }
}
