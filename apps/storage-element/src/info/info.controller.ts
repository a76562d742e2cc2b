import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StorageElementInfo } from '@artstore/contracts';
import { Public } from '@artstore/platform';
import { InfoService } from './info.service';

@ApiTags('info')
@Controller('api/v1/info')
export class InfoController {
  constructor(private readonly info: InfoService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The element: id, mode, priority, capacity and usage, backend, status, version' })
  describeElement(): Promise<StorageElementInfo> {
    return this.info.info();
  }
}
