// Shared benchmark plumbing: interleaved baseline/system pairs, ratios, process CPU and peak RSS.
import { readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Peak resident set size of a process in MB, from /proc. */
export function peakRssMb(pid) {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Runs autocannon and fails the benchmark on any error or non-2xx answer (a broken run, not a slow one). */
export async function load(url, { connections, seconds, pid, method = 'GET', headers = {}, body }) {
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    method,
    headers,
    body,
  });
  const cpu = (cpuSeconds(pid) - cpuBefore) / seconds;
  if (result.errors > 0 || result.non2xx > 0 || result.requests.total === 0) {
    throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx of ${result.requests.total}`);
  }
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpu,
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Interleaves baseline and system runs in pairs (the first pair is a warm-up and thrown away) and
 * summarises the per-pair ratios system/baseline. `rateOf` picks the figure compared (req/s by
 * default); `alternate` swaps which side runs first on every other pair, so neither side always
 * inherits the other's leftovers (dirty pages, a busy disk queue).
 */
export async function pairedRatios({
  pairs,
  runBaseline,
  runSystem,
  rateOf = (run) => run.rps,
  alternate = false,
}) {
  const kept = [];
  for (let pair = 0; pair <= pairs; pair += 1) {
    let baseline;
    let system;
    if (alternate && pair % 2 === 1) {
      system = await runSystem();
      baseline = await runBaseline();
    } else {
      baseline = await runBaseline();
      system = await runSystem();
    }
    if (pair > 0) {
      kept.push({ baseline, system, ratio: rateOf(system) / rateOf(baseline) });
    }
  }
  const ratios = kept.map((entry) => entry.ratio);
  return {
    pairs: kept,
    median: median(ratios),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
  };
}

/** The `fraction` (0..1) percentile of `values`, nearest rank. */
export function percentile(values, fraction) {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

/** Current resident set size of a process in MB, from /proc. */
export function rssMb(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Resets a process's peak RSS (VmHWM) to its current RSS; false when the kernel refuses. */
export function resetPeakRss(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Seconds a process's main thread has run on a CPU and waited in the run queue for one, from
 * /proc/<pid>/task/<pid>/schedstat: a thread that waits as long as it runs is starved of CPU.
 */
export function mainThreadSchedSeconds(pid) {
  const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
  return { run: run / 1e9, wait: wait / 1e9 };
}

export const fmt = (value, digits = 2) => Number(value).toFixed(digits);
