import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage, Server } from 'node:http';
import type { ServiceName } from '@artstore/contracts';
import type { PlatformEnv } from '../config/platform-env.schema';
import type { DomainErrorMapper } from '../errors/domain-error';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { resolveRequestId } from '../http/request-id';
import { registerStreamedBodyRoutes } from '../http/streamed-body';
import type { AppLogger } from '../logging/create-logger';
import { NestPinoLogger } from '../logging/nest-pino-logger';
import { MetricsService } from '../metrics/metrics.service';
import { setupOpenApi, type OpenApiInfo } from './openapi';
import { registerRequestHooks } from './request-hooks';

export interface ServiceDefinition<Config extends PlatformEnv> {
  serviceName: ServiceName;
  openApi: OpenApiInfo;
  /** The app's root module, built from its validated config. */
  rootModule(config: Config, logger: AppLogger): DynamicModule;
  mapDomainError?: DomainErrorMapper;
}

export interface StartedService {
  app: NestFastifyApplication;
  /** Base URL the service listens on, e.g. `http://127.0.0.1:8000`. */
  url: string;
}

const noDomainErrors: DomainErrorMapper = () => undefined;

/** Builds a service with the platform's HTTP behaviour and starts listening. */
export async function startService<Config extends PlatformEnv>(
  definition: ServiceDefinition<Config>,
  config: Config,
  logger: AppLogger,
): Promise<StartedService> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
    connectionTimeout: config.HTTP_CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    forceCloseConnections: 'idle',
    http: { maxHeaderSize: config.HTTP_MAX_HEADER_BYTES },
    return503OnClosing: true,
    genReqId: (request: IncomingMessage) => resolveRequestId(request.headers['x-request-id']),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    definition.rootModule(config, logger),
    adapter,
    { logger: new NestPinoLogger(logger), bufferLogs: false, abortOnError: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestHooks(fastify, logger, app.get(MetricsService));
  registerStreamedBodyRoutes(fastify);
  if (config.CORS_ORIGINS.length > 0) {
    // Tokens travel in headers, never cookies, so credentials are never allowed cross-origin.
    app.enableCors({ origin: config.CORS_ORIGINS, credentials: false });
  }
  app.useGlobalFilters(new ProblemDetailsFilter(logger, definition.mapDomainError ?? noDomainErrors));
  setupOpenApi(app, definition.openApi);

  await app.listen({ port: config.PORT, host: config.HOST });
  const server: Server = app.getHttpServer();
  server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return { app, url: `http://${host}:${port}` };
}
