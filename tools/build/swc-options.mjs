// One SWC setup for the build and the tests: TypeScript with legacy decorators and the
// design-time metadata Nest needs for constructor injection (esbuild cannot emit it).
/** @type {import('@swc/core').Options} */
export const swcOptions = {
  sourceMaps: true,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'es6' },
};
