import { FAILPOINT_STEPS, type Failpoint, type FailpointStep } from '@artstore/attr-wal';

// Production bundles replace this expression with "disabled" at build time (tools/build), so no
// environment variable can switch a failpoint on there; only test bundles and sources read it.
const compiledIn = process.env['ARTSTORE_FAILPOINTS_BUILD'] !== 'disabled';

function isStep(value: string): value is FailpointStep {
  return (FAILPOINT_STEPS as readonly string[]).includes(value);
}

/**
 * Test-only crash injection: `SE_FAILPOINT=<step>` kills the process with SIGKILL right after that
 * protocol step, as a power cut would. Unset (the default) or in a production build: no failpoint.
 */
export function failpointFromEnvironment(env: NodeJS.ProcessEnv = process.env): Failpoint | undefined {
  const step = env['SE_FAILPOINT'];
  if (!compiledIn || !step) {
    return undefined;
  }
  if (!isStep(step)) {
    throw new Error(`SE_FAILPOINT must be one of ${FAILPOINT_STEPS.join(', ')}`);
  }
  return (reached) => {
    if (reached === step) {
      process.kill(process.pid, 'SIGKILL');
      // SIGKILL is delivered asynchronously; never let the transaction take another step.
      return new Promise<never>(() => undefined);
    }
    return undefined;
  };
}
