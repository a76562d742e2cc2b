// `npm test`: ensure PostgreSQL and Redis, then format, lint, typecheck and build every project,
// then every test (unit, integration, e2e). Ends with one summary line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensurePostgres, ensureRedis } from '../infra/ensure-infra.mjs';

const postgresUrl = process.env.ARTSTORE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.ARTSTORE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const env = {
  ...process.env,
  ARTSTORE_TEST_POSTGRES_URL: postgresUrl,
  ARTSTORE_TEST_REDIS_URL: redisUrl,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
};

const results = [];

function step(name, command, args) {
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: 'inherit', env });
  const ok = status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  results.push({ name, ok });
  return ok;
}

try {
  await ensurePostgres(postgresUrl);
  await ensureRedis(redisUrl);
} catch (error) {
  console.error(
    `cannot provide PostgreSQL and Redis for the tests: ${error instanceof Error ? error.message : error}`,
  );
  console.log('0 passed, 1 failed');
  process.exit(1);
}

step('format', 'npx', ['prettier', '--check', '.']);
step('lint', 'npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=stream']);
step('typecheck', 'npx', ['nx', 'run-many', '-t', 'typecheck', '--outputStyle=stream']);
// Workspace files outside any project: tools, bench, deploy checks.
step('typecheck workspace', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
const built = step('build', 'npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=stream']);

let tests = { passed: 0, failed: 0 };
if (built) {
  const report = 'tmp/test-results/vitest.json';
  mkdirSync('tmp/test-results', { recursive: true });
  rmSync(report, { force: true });
  const ran = step('tests', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  try {
    const summary = JSON.parse(readFileSync(report, 'utf8'));
    // A file that fails outside any test (import error, failing hook) counts as one failure.
    tests = {
      passed: summary.numPassedTests,
      failed: Math.max(summary.numFailedTests, summary.numFailedTestSuites),
    };
  } catch {
    tests.failed = 0;
  }
  if (!ran && tests.failed === 0) {
    tests.failed = 1;
  }
}

const failedSteps = results.filter((result) => !result.ok);
console.log('\n=== summary');
for (const result of results) {
  console.log(`${result.ok ? 'ok    ' : 'FAILED'} ${result.name}`);
}
const passed = tests.passed + results.filter((result) => result.ok && result.name !== 'tests').length;
const failed = tests.failed + failedSteps.filter((result) => result.name !== 'tests').length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length === 0 && failed === 0 ? 0 : 1);
