import { Body, Controller, Get, Post } from '@nestjs/common';
import { outboundHeaders, Public } from '@artstore/platform';

/** Routes mounted only in tests, to reach the platform's error and propagation paths through real HTTP. */
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
}
