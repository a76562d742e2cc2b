export enum ServiceDiscoveryErrorCode {
  InvalidStaticElements = 'invalid_static_storage_elements',
  InvalidConfig = 'invalid_storage_elements_config',
  PublishFailed = 'storage_elements_config_publish_failed',
}

/** The one error class of `@artstore/service-discovery`; `code` says what went wrong. */
export class ServiceDiscoveryError extends Error {
  constructor(
    readonly code: ServiceDiscoveryErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ServiceDiscoveryError';
  }
}
