// Bundles one app into dist/apps/<app>/main.js (+ chunks/): workspace libs inlined through the tsconfig
// paths, every npm package left external, TypeScript compiled by SWC for decorator metadata.
// `--test` builds dist/test/apps/<app> instead, the only bundle with crash failpoints compiled in.
import { transform } from '@swc/core';
import { build, context } from 'esbuild';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { swcOptions } from './swc-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const swcPlugin = {
  name: 'swc-decorators',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const output = await transform(source, { ...swcOptions, filename: args.path, sourceMaps: 'inline' });
      return { contents: output.code, loader: 'js' };
    });
  },
};

/**
 * Production (and dev) bundles fold this expression to "disabled" (esbuild also matches the
 * `process.env['…']` form), so no environment variable can turn a failpoint on in them.
 */
export const FAILPOINTS_DISABLED = { 'process.env.ARTSTORE_FAILPOINTS_BUILD': '"disabled"' };

/** @returns {import('esbuild').BuildOptions} */
export function appBuildOptions(app) {
  return { ...bundleOptions(`apps/${app}/src/main.ts`, `dist/apps/${app}`), define: FAILPOINTS_DISABLED };
}

/**
 * The test bundle of an app: failpoints compiled in (SE_FAILPOINT works), never shipped.
 * @returns {import('esbuild').BuildOptions}
 */
export function testAppBuildOptions(app) {
  return bundleOptions(`apps/${app}/src/main.ts`, `dist/test/apps/${app}`);
}

/**
 * The same bundling for any entry point (benchmark harnesses).
 * @returns {import('esbuild').BuildOptions}
 */
export function bundleOptions(entry, outdir) {
  return {
    absWorkingDir: root,
    entryPoints: [entry],
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    // main.ts starts tracing, then imports the app: a separate chunk keeps that order at run time.
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    tsconfig: 'tsconfig.base.json',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [swcPlugin],
  };
}

export async function buildApp(app) {
  await build(appBuildOptions(app));
}

/**
 * Test files build this bundle in parallel while others already run it: each output file replaces
 * the old one by a rename, so a starting process never reads a half-written chunk.
 */
export async function buildTestApp(app) {
  const { outputFiles } = await build({ ...testAppBuildOptions(app), write: false });
  for (const file of outputFiles) {
    const temp = `${file.path}.${process.pid}.tmp`;
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(temp, file.contents);
    await rename(temp, file.path);
  }
}

export async function buildBundle(entry, outdir) {
  await build(bundleOptions(entry, outdir));
}

export async function watchApp(app, onRebuilt) {
  const rebuildHook = {
    name: 'on-rebuilt',
    setup(pluginBuild) {
      pluginBuild.onEnd((result) => {
        if (result.errors.length === 0) {
          onRebuilt();
        }
      });
    },
  };
  const options = appBuildOptions(app);
  const ctx = await context({ ...options, plugins: [...options.plugins, rebuildHook] });
  await ctx.watch();
  return ctx;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [app, flavour] = process.argv.slice(2);
  if (!app || (flavour !== undefined && flavour !== '--test')) {
    console.error('usage: node tools/build/build-app.mjs <app> [--test]');
    process.exit(2);
  }
  await (flavour === '--test' ? buildTestApp(app) : buildApp(app));
}
