import { pino, type Logger } from 'pino';
import { redactPaths, REDACTED, scrubSecrets } from './redaction';
import { currentRequestContext } from './request-context';

export interface LoggerOptions {
  serviceName: string;
  level: string;
  format: 'json' | 'pretty';
  destination?: pino.DestinationStream;
}

export type AppLogger = Logger;

/** JSON logs for machines, `LOG_FORMAT=pretty` for humans; the request id is added from context. */
export function createLogger(options: LoggerOptions): AppLogger {
  const base: pino.LoggerOptions = {
    level: options.level,
    base: { service: options.serviceName, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths, censor: REDACTED },
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: serializeError },
    mixin: () => {
      const context = currentRequestContext();
      return context ? { request_id: context.requestId } : {};
    },
  };
  if (options.destination) {
    return pino(base, options.destination);
  }
  if (options.format === 'pretty') {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { translateTime: 'SYS:HH:MM:ss.l', singleLine: true, ignore: 'pid,hostname,service' },
      },
    });
  }
  return pino(base);
}

function serializeError(error: Error): pino.SerializedError {
  const serialized = pino.stdSerializers.err(error);
  serialized.message = scrubSecrets(serialized.message);
  serialized.stack = scrubSecrets(serialized.stack);
  return serialized;
}
