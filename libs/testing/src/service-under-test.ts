import { Module, type DynamicModule } from '@nestjs/common';
import type { z } from 'zod';
import {
  loadConfig,
  startService,
  type PlatformEnv,
  type ServiceDefinition,
  type StartedService,
} from '@artstore/platform';
import { captureLogger } from './captured-logger';
import { ConformanceProbeController } from './conformance-probe.controller';
import { hostAndPort, TcpProxy } from './tcp-proxy';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testInfra } from './test-infra';

/** What a service's test file tells the shared suites about it. */
export interface ServiceUnderTest<Config extends PlatformEnv> {
  /** Directory under apps/, also the name of the built bundle. */
  app: string;
  definition: ServiceDefinition<Config>;
  schema: z.ZodType<Config>;
  /** The service's own required variables, valid for a test run. */
  env(): Record<string, string>;
  /** Variables whose absence the config check must report by name. */
  requiredVariables: readonly string[];
  /** Readiness indicators beyond database and redis. */
  extraReadinessChecks?: readonly string[];
}

export interface RunningTestService {
  url: string;
  started: StartedService;
  database: TestDatabase;
  postgresProxy: TcpProxy;
  redisProxy: TcpProxy;
  logLines: string[];
  env: Record<string, string>;
  close(): Promise<void>;
}

@Module({})
class ProbeModule {}

/**
 * Starts the service in this process against a fresh database, with PostgreSQL and Redis behind
 * proxies the test can cut, plus probe routes for the error and propagation paths.
 */
export async function startServiceUnderTest<Config extends PlatformEnv>(
  target: ServiceUnderTest<Config>,
): Promise<RunningTestService> {
  const database = await createTestDatabase(target.app);
  const postgresProxy = await TcpProxy.start(hostAndPort(database.url));
  const redisProxy = await TcpProxy.start(hostAndPort(testInfra.redisUrl));
  const env: Record<string, string> = {
    ...target.env(),
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: postgresProxy.wrap(database.url),
    REDIS_URL: redisProxy.wrap(testInfra.redisUrl),
    HEALTH_CHECK_TIMEOUT_MS: '1000',
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
  };
  const config = loadConfig(target.definition.serviceName, target.schema, env);
  const { logger, lines } = captureLogger(target.definition.serviceName);
  const withProbe: ServiceDefinition<Config> = {
    ...target.definition,
    rootModule: (appConfig, appLogger): DynamicModule => ({
      module: ProbeModule,
      imports: [target.definition.rootModule(appConfig, appLogger)],
      controllers: [ConformanceProbeController],
    }),
  };
  const started = await startService(withProbe, config, logger);
  return {
    url: started.url,
    started,
    database,
    postgresProxy,
    redisProxy,
    logLines: lines,
    env,
    close: async () => {
      await started.app.close();
      await Promise.all([postgresProxy.close(), redisProxy.close()]);
      await database.drop();
    },
  };
}
