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
import { startTestIssuer, type TestIssuer } from './test-issuer';

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
  /** The service verifies tokens with the admin's remote JWKS: tests point it at a test issuer. */
  usesRemoteJwks?: boolean;
}

export interface RunningTestService {
  url: string;
  started: StartedService;
  database: TestDatabase;
  postgresProxy: TcpProxy;
  redisProxy: TcpProxy;
  /** Where the service's verification keys come from; its tokens are accepted. */
  issuer: TestIssuer;
  logLines: string[];
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  /** Variables set last, over everything else. */
  env?: Record<string, string>;
  /** The issuer to trust; by default one is started for the service and stopped with it. */
  issuer?: TestIssuer;
}

@Module({})
class ProbeModule {}

/**
 * Starts the service in this process against a fresh database, with PostgreSQL and Redis behind
 * proxies the test can cut, a test issuer whose JWKS it trusts, plus probe routes for the error,
 * propagation and access paths.
 */
export async function startServiceUnderTest<Config extends PlatformEnv>(
  target: ServiceUnderTest<Config>,
  options: TestServiceOptions = {},
): Promise<RunningTestService> {
  const issuer = options.issuer ?? (await startTestIssuer());
  const database = await createTestDatabase(target.app);
  const postgresProxy = await TcpProxy.start(hostAndPort(database.url));
  const redisProxy = await TcpProxy.start(hostAndPort(testInfra.redisUrl));
  const env: Record<string, string> = {
    ...target.env(),
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: postgresProxy.wrap(database.url),
    REDIS_URL: redisProxy.wrap(testInfra.redisUrl),
    // Tests share one Redis; each service under test gets keys of its own.
    REDIS_KEY_PREFIX: `test:${database.name}:`,
    HEALTH_CHECK_TIMEOUT_MS: '1000',
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
    ...(target.usesRemoteJwks ? issuerEnv(issuer) : {}),
    ...options.env,
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
    issuer,
    logLines: lines,
    env,
    close: async () => {
      await started.app.close();
      await Promise.all([postgresProxy.close(), redisProxy.close()]);
      if (!options.issuer) {
        await issuer.stop();
      }
      await database.drop();
    },
  };
}

function issuerEnv(issuer: TestIssuer): Record<string, string> {
  return {
    ARTSTORE_ISSUER: issuer.issuer,
    ARTSTORE_ADMIN_URL: issuer.issuer,
    ARTSTORE_JWKS_URL: issuer.jwksUrl,
  };
}
