// The ingester exactly as it runs (platform, AuthModule with remote JWKS, rate limits) plus two
// routes with the same body: one public, one guarded. The auth benchmark compares them.
import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { Public, RequirePermissions, runService, type ServiceDefinition } from '@artstore/platform';
import { startTracing } from '@artstore/telemetry';
import { IngesterModule } from '../../apps/ingester/src/app.module';
import { ingesterEnvSchema, type IngesterConfig } from '../../apps/ingester/src/config/ingester.config';
import { ingesterService } from '../../apps/ingester/src/ingester.service';

@Controller('bench')
class BenchController {
  @Get('open')
  @Public()
  open(): { ok: boolean } {
    return { ok: true };
  }

  @Get('guarded')
  @RequirePermissions('files:read')
  guarded(): { ok: boolean } {
    return { ok: true };
  }
}

@Module({})
class BenchModule {}

const harness: ServiceDefinition<IngesterConfig> = {
  ...ingesterService,
  rootModule: (config, logger): DynamicModule => ({
    module: BenchModule,
    imports: [IngesterModule.register(config, logger)],
    controllers: [BenchController],
  }),
};

await runService(harness, ingesterEnvSchema, startTracing('ingester'));
