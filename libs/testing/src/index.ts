export { describeAuthConformance } from './auth-conformance';
export { captureLogger, type CapturedLogger } from './captured-logger';
export { describePlatformConformance } from './platform-conformance';
export { describeProcessConformance } from './process-conformance';
export { startOtlpCollector, type CollectedSpan } from './otlp-collector';
export {
  buildTestBundle,
  freePort,
  spawnService,
  testBundlePath,
  waitForOk,
  workspaceRoot,
  type ServiceProcess,
} from './service-process';
export {
  startServiceUnderTest,
  type RunningTestService,
  type ServiceUnderTest,
  type TestServiceOptions,
} from './service-under-test';
export { listRouteAccess, type RouteAccessEntry } from './route-access';
export { hostAndPort, TcpProxy } from './tcp-proxy';
export { createTestDatabase, type TestDatabase } from './test-database';
export { testInfra } from './test-infra';
export { startTestIssuer, type MintOptions, type TestIssuer } from './test-issuer';
export { waitFor } from './wait-for';
export { s3ClientFor, startS3rver, type RunningS3rver } from './s3rver';
export { AdminProcess, type ClientCredentials } from './admin-process';
export { StorageElementProcess, type StorageElementProcessOptions } from './storage-element-process';
export { IngesterProcess, type IngesterProcessOptions } from './ingester-process';
