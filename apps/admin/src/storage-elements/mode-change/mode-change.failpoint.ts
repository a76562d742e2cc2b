// Production bundles replace this expression with "disabled" at build time (tools/build), so no
// environment variable can switch a failpoint on there; only test bundles and sources read it.
const compiledIn = process.env['ARTSTORE_FAILPOINTS_BUILD'] !== 'disabled';

export const MODE_CHANGE_FAILPOINTS = ['after-element', 'after-registry'] as const;

/**
 * Test-only crash injection: `ADMIN_FAILPOINT=mode-change:<step>` kills the admin with SIGKILL right
 * after that saga step, as a crash would. Unset (the default) or in a production build: nothing.
 */
export function modeChangeFailpoint(
  env: NodeJS.ProcessEnv = process.env,
): ((step: string) => Promise<void>) | undefined {
  const wanted = env['ADMIN_FAILPOINT'];
  if (!compiledIn || !wanted) {
    return undefined;
  }
  const step = wanted.replace(/^mode-change:/, '');
  if (!(MODE_CHANGE_FAILPOINTS as readonly string[]).includes(step) || !wanted.startsWith('mode-change:')) {
    throw new Error(
      `ADMIN_FAILPOINT must be one of ${MODE_CHANGE_FAILPOINTS.map((s) => `mode-change:${s}`).join(', ')}`,
    );
  }
  return (reached) => {
    if (reached !== step) {
      return Promise.resolve();
    }
    process.kill(process.pid, 'SIGKILL');
    // SIGKILL is delivered asynchronously; never let the saga take another step.
    return new Promise<never>(() => undefined);
  };
}
