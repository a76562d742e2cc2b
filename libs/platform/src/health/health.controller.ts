import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type { HealthCheckResponse } from '@artstore/contracts';
import { Public } from '../http/public.decorator';
import { REDIS_CLIENT } from '../redis/redis.module';
import { probeDataDirectory } from './data-directory.check';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';
import { ReadinessChecks } from './readiness-checks';
import { ShutdownState } from './shutdown-state';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly shutdown: ShutdownState,
    private readonly extraChecks: ReadinessChecks,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'The process is up and serving HTTP.' })
  live(): HealthCheckResponse {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Every dependency answers; 503 with details when one does not.' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResponse> {
    if (this.shutdown.isShuttingDown) {
      void reply.status(503);
      return { status: 'shutting_down', details: {} };
    }
    try {
      return (await this.health.check(this.readinessChecks())) as HealthCheckResponse;
    } catch (error) {
      const response = (error as { getResponse?: () => unknown }).getResponse?.();
      if (response === undefined) {
        throw error;
      }
      void reply.status(503);
      return response as HealthCheckResponse;
    }
  }

  private readinessChecks(): HealthIndicatorFunction[] {
    const timeout = this.options.timeoutMs;
    const checks: HealthIndicatorFunction[] = [
      () => this.database.pingCheck('database').withTimeout(timeout),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            await this.redis.ping();
          })
          .withTimeout(timeout),
    ];
    const dataDirectory = this.options.dataDirectory;
    if (dataDirectory) {
      checks.push(() =>
        this.indicators
          .check('data_directory')
          .attempt(() => probeDataDirectory(dataDirectory))
          .withTimeout(timeout),
      );
    }
    for (const [name, check] of this.extraChecks.entries()) {
      checks.push(() => this.indicators.check(name).attempt(check).withTimeout(timeout));
    }
    return checks;
  }
}
