/** The logging the lib needs; a pino logger fits. */
export interface ServiceDiscoveryLogger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}
