import { Writable } from 'node:stream';
import { createLogger, type AppLogger } from '@artstore/platform';

export interface CapturedLogger {
  logger: AppLogger;
  /** Every line logged so far, as raw JSON text. */
  lines: string[];
}

/** A real pino logger (redaction and all) writing into memory so tests can read what was logged. */
export function captureLogger(serviceName: string): CapturedLogger {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger({ serviceName, level: 'debug', format: 'json', destination }), lines };
}
