// Wraps one timed run: CPU of the measured process and of the benchmark's own client, in cores used.
import { readFileSync } from 'node:fs';
import { cpuSeconds } from '../lib/measure.mjs';

/** CPU seconds of this process plus its children that have exited (a curl client, say). */
function clientCpuSeconds() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}

/** `work()` resolves with at least `{seconds}`; the result gains `cpu` (pid) and `clientCpu`. */
export async function timedRun(pid, work) {
  const cpuBefore = cpuSeconds(pid);
  const clientBefore = clientCpuSeconds();
  const result = await work();
  return {
    ...result,
    cpu: (cpuSeconds(pid) - cpuBefore) / result.seconds,
    clientCpu: (clientCpuSeconds() - clientBefore) / result.seconds,
  };
}

/** Throws (failing the benchmark) unless `condition`: a wrong answer is a broken run, not a slow one. */
export function check(condition, message) {
  if (!condition) {
    throw new Error(`correctness check failed: ${message}`);
  }
}

/** Parses the element's JSON answer, failing with the raw text when it is not JSON. */
export function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`correctness check failed: ${what} answered non-JSON: ${text.slice(0, 500)}`);
  }
}
