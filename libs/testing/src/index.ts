export { captureLogger, type CapturedLogger } from './captured-logger';
export { describePlatformConformance } from './platform-conformance';
export { describeProcessConformance } from './process-conformance';
export { freePort, spawnService, waitForOk, workspaceRoot, type ServiceProcess } from './service-process';
export { startServiceUnderTest, type RunningTestService, type ServiceUnderTest } from './service-under-test';
export { hostAndPort, TcpProxy } from './tcp-proxy';
export { createTestDatabase, type TestDatabase } from './test-database';
export { testInfra } from './test-infra';
export { waitFor } from './wait-for';
