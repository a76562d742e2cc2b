import swc from 'unplugin-swc';
import { defineConfig, type TestProjectConfiguration } from 'vitest/config';
import { swcOptions } from './tools/build/swc-options.mjs';

const PROJECTS: Record<string, string> = {
  admin: 'apps/admin',
  ingester: 'apps/ingester',
  query: 'apps/query',
  'storage-element': 'apps/storage-element',
  'attr-wal': 'libs/attr-wal',
  auth: 'libs/auth',
  contracts: 'libs/contracts',
  platform: 'libs/platform',
  resilience: 'libs/resilience',
  saga: 'libs/saga',
  'service-discovery': 'libs/service-discovery',
  telemetry: 'libs/telemetry',
  testing: 'libs/testing',
  workspace: '.',
};

function project(name: string, root: string): TestProjectConfiguration {
  const include =
    root === '.'
      ? ['tools/**/*.spec.ts', 'deploy/**/*.spec.ts', 'e2e/**/*.e2e-spec.ts']
      : [`${root}/src/**/*.spec.ts`, `${root}/test/**/*.integration-spec.ts`];
  return {
    extends: true,
    test: { name, include },
  };
}

export default defineConfig({
  // Nest needs design-time decorator metadata, which only SWC (not esbuild) emits.
  plugins: [swc.vite({ ...swcOptions, module: { type: 'es6' } })],
  oxc: false,
  resolve: { tsconfigPaths: true },
  test: {
    globals: false,
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    passWithNoTests: true,
    setupFiles: ['reflect-metadata'],
    projects: Object.entries(PROJECTS).map(([name, root]) => project(name, root)),
  },
});
