// Shared benchmark plumbing: interleaved baseline/system pairs, ratios, process CPU and peak RSS.
import { readFileSync } from 'node:fs';
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
 * summarises the per-pair ratios system/baseline.
 */
export async function pairedRatios({ pairs, runBaseline, runSystem }) {
  const kept = [];
  for (let pair = 0; pair <= pairs; pair += 1) {
    const baseline = await runBaseline();
    const system = await runSystem();
    if (pair > 0) {
      kept.push({ baseline, system, ratio: system.rps / baseline.rps });
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

export const fmt = (value, digits = 2) => Number(value).toFixed(digits);
