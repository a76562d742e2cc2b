/**
 * @artstore/service-discovery — the storage-element configuration of SPEC §5, in plain TypeScript:
 * the admin publishes it (`StorageElementsConfigPublisher`), the ingester and query follow it
 * (`StorageElementsConfigSubscriber`, with a durable local copy and a static fallback), and the
 * ingester picks where a file goes (`rankWritableElements`, `selectWritableElement`).
 */
export { STATIC_CONFIG_VERSION, isNewerConfig } from './config-version';
export { CONFIG_STATE_FILE_NAME } from './config-state-file';
export { ServiceDiscoveryError, ServiceDiscoveryErrorCode } from './service-discovery.errors';
export type { ServiceDiscoveryLogger } from './service-discovery.logger';
export type { AppliedConfigSource } from './service-discovery.metrics';
export {
  STATIC_ELEMENT_DEFAULT_PRIORITY,
  parseStaticStorageElements,
} from './static-storage-elements.parser';
export {
  StorageElementsConfigPublisher,
  type StorageElementsConfigPublisherOptions,
} from './storage-elements-config.publisher';
export { parseStorageElementsConfig } from './storage-elements-config.schema';
export { StorageElementsConfigSubscriber } from './storage-elements-config.subscriber';
export type {
  ReadonlyStorageElementsConfig,
  ServiceDiscoveryReadiness,
  StorageElementsConfigListener,
  StorageElementsConfigSource,
  StorageElementsConfigSubscriberOptions,
} from './storage-elements-config-subscriber.options';
export {
  rankWritableElements,
  selectWritableElement,
  type WritableElementRequest,
  type WritableElementSource,
} from './writable-element.selector';
export { discoveryEnvShape } from './nest/discovery-env.schema';
export {
  StorageElementsDiscoveryModule,
  type StorageElementsDiscoveryOptions,
} from './nest/storage-elements-discovery.module';
