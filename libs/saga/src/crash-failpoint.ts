import type { SagaStepObserver } from './saga-journal';

// Production bundles replace this expression with "disabled" at build time (tools/build), so no
// environment variable can switch a failpoint on there; only test bundles and sources read it.
const compiledIn = process.env['ARTSTORE_FAILPOINTS_BUILD'] !== 'disabled';

const FAILPOINT = /^(?<saga>[a-z][\w.-]*):after-(?<step>[a-z][\w-]*)$/;

/**
 * Test-only crash injection for a saga runtime: `<saga type>:after-<step>` (e.g.
 * `ingester.upload:after-store`) kills the process with SIGKILL once that step's result is stored,
 * as a crash would. Give it to `SagaOrchestratorOptions.afterStep`. Unset, or in a production
 * build: undefined.
 */
export function sagaCrashFailpoint(
  value: string | undefined,
  variable: string,
): SagaStepObserver | undefined {
  if (!compiledIn || !value) {
    return undefined;
  }
  const wanted = FAILPOINT.exec(value)?.groups;
  if (!wanted) {
    throw new Error(`${variable} must look like <saga type>:after-<step>, e.g. ingester.upload:after-store`);
  }
  return (sagaType, step) => {
    if (sagaType !== wanted['saga'] || step !== wanted['step']) {
      return Promise.resolve();
    }
    process.kill(process.pid, 'SIGKILL');
    // SIGKILL is delivered asynchronously; never let the saga take another step.
    return new Promise<never>(() => undefined);
  };
}
