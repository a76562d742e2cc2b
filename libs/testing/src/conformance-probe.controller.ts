import { Body, Controller, Get, Post } from '@nestjs/common';
import { outboundHeaders, Public, RequirePermissions } from '@artstore/platform';

/** Routes mounted only in tests, to reach the platform's error, propagation and access paths through real HTTP. */
@Controller('__probe')
export class ConformanceProbeController {
  @Public()
  @Get('fail')
  fail(): never {
    throw new Error('database password=hunter2 leaked in a driver message');
  }

  @Public()
  @Post('call-out')
  async callOut(@Body() body: { url: string }): Promise<unknown> {
    const response = await fetch(body.url, {
      headers: outboundHeaders(),
      signal: AbortSignal.timeout(5_000),
    });
    return response.json();
  }

  @RequirePermissions('files:read')
  @Get('read')
  read(): { ok: true } {
    return { ok: true };
  }

  // A readonly token lacks it.
  @RequirePermissions('files:read', 'files:write')
  @Get('write')
  write(): { ok: true } {
    return { ok: true };
  }

  // Deliberately declares no access rule: the guard must refuse it (fail closed).
  @Get('undeclared')
  undeclared(): { ok: true } {
    return { ok: true };
  }
}
