// Bundles one app into dist/apps/<app>/main.js (+ chunks/): workspace libs inlined through the tsconfig
// paths, every npm package left external, TypeScript compiled by SWC for decorator metadata.
import { transform } from '@swc/core';
import { build, context } from 'esbuild';
import { readFile } from 'node:fs/promises';
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

export function appBuildOptions(app) {
  return bundleOptions(`apps/${app}/src/main.ts`, `dist/apps/${app}`);
}

/** The same bundling for any entry point (benchmark harnesses). */
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
  const app = process.argv[2];
  if (!app) {
    console.error('usage: node tools/build/build-app.mjs <app>');
    process.exit(2);
  }
  await buildApp(app);
}
