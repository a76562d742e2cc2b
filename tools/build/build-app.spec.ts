import { build, type BuildOptions } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { appBuildOptions, bundleOptions, FAILPOINTS_DISABLED, testAppBuildOptions } from './build-app.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const FAILPOINT_SOURCE = 'apps/storage-element/src/storage-backend/failpoint-from-environment.ts';

/** The bundle's JavaScript, built in memory (dist/ is left alone). */
async function bundledJavaScript(options: BuildOptions): Promise<string> {
  const { outputFiles } = await build({ ...options, write: false, sourcemap: false });
  return outputFiles
    .filter((file) => file.path.endsWith('.js'))
    .map((file) => file.text)
    .join('\n');
}

interface FailpointModule {
  failpointFromEnvironment(env: NodeJS.ProcessEnv): unknown;
}

// Bundled under the workspace so the external npm packages resolve when it is imported.
mkdirSync(path.join(root, 'tmp'), { recursive: true });
const scratch = mkdtempSync(path.join(root, 'tmp', 'build-app-spec-'));

async function importFailpointModule(name: string, define: Record<string, string>): Promise<FailpointModule> {
  const outdir = path.join(scratch, name);
  await build({ ...bundleOptions(FAILPOINT_SOURCE, outdir), splitting: false, define });
  return (await import(
    pathToFileURL(path.join(outdir, 'failpoint-from-environment.js')).href
  )) as FailpointModule;
}

afterEach(() => vi.unstubAllEnvs());
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('build-app', () => {
  describe('appBuildOptions', () => {
    it('folds the failpoint switch out of the production storage-element bundle', async () => {
      const production = await bundledJavaScript(appBuildOptions('storage-element'));
      const testBuild = await bundledJavaScript(testAppBuildOptions('storage-element'));

      expect(production).not.toContain('ARTSTORE_FAILPOINTS_BUILD');
      expect(production).toContain('SE_FAILPOINT');
      // The same source compiled for tests still reads the switch: the define is what removes it.
      expect(testBuild).toContain('process.env["ARTSTORE_FAILPOINTS_BUILD"]');
    });

    it('ignores SE_FAILPOINT in a production build, whatever the environment says', async () => {
      // Even a process started with the switch set explicitly cannot turn them back on.
      vi.stubEnv('ARTSTORE_FAILPOINTS_BUILD', 'enabled');
      const production = await importFailpointModule('production', FAILPOINTS_DISABLED);
      const testBuild = await importFailpointModule('test', {});
      const env = { SE_FAILPOINT: 'create:after-intent' };

      expect(production.failpointFromEnvironment(env)).toBeUndefined();
      expect(testBuild.failpointFromEnvironment(env)).toBeTypeOf('function');
    });
  });
});
