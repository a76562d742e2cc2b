import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal, StorageElementModeState } from '@artstore/contracts';
import { CurrentPrincipal } from '@artstore/auth';
import { parseInput, RequirePermissions } from '@artstore/platform';
import { modeChangeRequestSchema } from './mode-change.schema';
import { ModesService } from './modes.service';

@ApiTags('mode')
@ApiBearerAuth()
@Controller('api/v1/mode')
export class ModesController {
  constructor(private readonly modes: ModesService) {}

  @Post()
  @HttpCode(200)
  @RequirePermissions('storage:write')
  @ApiOperation({ summary: 'Change the mode (rw → ro, ro → ar); edit and ar change only through SE_MODE' })
  @ApiResponse({ status: 200, description: 'The mode after the change' })
  @ApiResponse({ status: 409, description: 'The transition is not allowed from the current mode' })
  changeMode(@Body() body: unknown, @CurrentPrincipal() caller: Principal): Promise<StorageElementModeState> {
    return this.modes.changeMode(parseInput(modeChangeRequestSchema, body, 'request body'), caller.clientId);
  }
}
