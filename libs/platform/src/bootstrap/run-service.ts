import type { Tracing } from '@artstore/telemetry';
import type { z } from 'zod';
import { ConfigValidationError, loadConfig } from '../config/load-config';
import type { PlatformEnv } from '../config/platform-env.schema';
import { ShutdownState } from '../health/shutdown-state';
import { createLogger } from '../logging/create-logger';
import { startService, type ServiceDefinition } from './start-service';

/**
 * The whole life of a service process: validate the environment (one message with every problem,
 * exit 1), start, and on SIGTERM/SIGINT stop accepting, drain in-flight requests within the
 * shutdown timeout, close pools and exit 0.
 */
export async function runService<Schema extends z.ZodType<PlatformEnv>>(
  definition: ServiceDefinition<z.infer<Schema>>,
  schema: Schema,
  tracing: Tracing,
): Promise<void> {
  let config: z.infer<Schema>;
  try {
    config = loadConfig(definition.serviceName, schema);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger({
    serviceName: definition.serviceName,
    level: config.LOG_LEVEL,
    format: config.LOG_FORMAT,
  });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  let started;
  try {
    started = await startService(definition, config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'service failed to start');
    await tracing.shutdown();
    process.exit(1);
  }
  const { app, url } = started;
  logger.info({ url, tracing: tracing.enabled }, `${definition.serviceName} listening`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    app.get(ShutdownState).begin();
    setTimeout(() => {
      logger.error(
        { timeout_ms: config.SHUTDOWN_TIMEOUT_MS },
        'shutdown timed out; exiting with requests in flight',
      );
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
    try {
      await app.close();
      await tracing.shutdown();
      logger.info('shutdown complete');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}
