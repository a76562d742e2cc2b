import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@artstore/contracts';
import { CurrentPrincipal } from '@artstore/auth';
import { parseInput, RequirePermissions } from '@artstore/platform';
import { reconcileRequestSchema } from '../dto/file-metadata.schemas';
import { FileReconciler, type ReconcileReport } from './file-reconciler';

@ApiTags('file registry')
@ApiBearerAuth()
@Controller('api/v1/maintenance')
export class ReconcileController {
  constructor(private readonly reconciler: FileReconciler) {}

  @Post('reconcile')
  @HttpCode(200)
  @RequirePermissions('storage:write')
  @ApiOperation({
    summary: "Repair the file registry from every element's listing (or element_id's), republishing events",
  })
  @ApiResponse({
    status: 200,
    description: 'the report; elements_failed counts elements that could not be walked',
  })
  @ApiResponse({ status: 404, description: 'element_id is not registered' })
  reconcile(@Body() body: unknown, @CurrentPrincipal() caller: Principal): Promise<ReconcileReport> {
    const request = parseInput(reconcileRequestSchema, body ?? undefined, 'request body');
    return this.reconciler.reconcile({ elementId: request?.element_id, actor: caller.clientId });
  }
}
