// Prints the ingest benchmark's table: one row per figure, both sides' rates and latency, the CPU of
// every process involved (cores, medians over the pairs) and peak RSS.
import { fmt, median, percentile } from '../lib/measure.mjs';
import { BROKEN_ABOVE, verdict } from '../storage-element/report.mjs';

export { verdict };

const latencyOf = (runs, unit) => {
  if (unit === 'ms') {
    const all = runs.flatMap((run) => run.latenciesMs);
    return `${fmt(percentile(all, 0.5), 1)}/${fmt(percentile(all, 0.99), 1)} ms`;
  }
  const seconds = runs.map((run) => run.seconds);
  return `${fmt(percentile(seconds, 0.5))}/${fmt(percentile(seconds, 0.99))} s`;
};

/** `ingester 0.61 (kernel 0.20), element 0.52 (…)` for the processes that used at least 0.005 cores. */
const cpuOf = (runs) =>
  Object.keys(runs[0].cpu.cores)
    .map((name) => [
      name,
      median(runs.map((run) => run.cpu.cores[name])),
      median(runs.map((run) => run.cpu.kernel[name])),
    ])
    .filter(([, cores]) => cores >= 0.005)
    .map(([name, cores, kernel]) => `${name} ${fmt(cores)} (kernel ${fmt(kernel)})`)
    .join(', ');

/** `ingester ran 0.40, waited 0.30` per service main thread (seconds per second, medians). */
const mainThreadsOf = (runs) =>
  Object.keys(runs[0].cpu.mainThread)
    .map((name) => {
      const of = (key) => median(runs.map((run) => run.cpu.mainThread[name][key]));
      return of('run') >= 0.02 ? `${name} ran ${fmt(of('run'))}, waited ${fmt(of('wait'))}` : undefined;
    })
    .filter(Boolean)
    .join('; ');

/** CPU ms per file of each process (cores / files per second), for 4 KiB runs. */
export const cpuMsPerFile = (runs, name) =>
  median(runs.map((run) => (run.cpu.cores[name] / run.rate) * 1000));

/** `rows`: {label, summary, target, unit, latency ('s'|'ms')}; `rss`: {process: peak MB}. */
export function printTable(rows, rss) {
  console.log(
    'figure                          ratio median [min, max]  target          ingest      direct  unit     ' +
      'p50/p99 ingest (direct)',
  );
  for (const row of rows) {
    const { summary } = row;
    const systems = summary.pairs.map((pair) => pair.system);
    const baselines = summary.pairs.map((pair) => pair.baseline);
    console.log(
      `${row.label.padEnd(31)} ${fmt(summary.median)} [${fmt(summary.min)}, ${fmt(summary.max)}]`.padEnd(57) +
        `≥ ${row.target} ${verdict(summary, row.target).padEnd(7)}` +
        `${fmt(median(systems.map((run) => run.rate)), 0).padStart(7)}  ${fmt(median(baselines.map((run) => run.rate)), 0).padStart(10)}  ${row.unit.padEnd(7)}  ` +
        `${latencyOf(systems, row.latency)} (${latencyOf(baselines, row.latency)})`,
    );
    console.log(`  cpu cores, through the ingester: ${cpuOf(systems)}`);
    console.log(`  cpu cores, direct to the element: ${cpuOf(baselines)}`);
    console.log(
      `  main threads (s/s on a CPU, in the run queue), through the ingester: ${mainThreadsOf(systems)}`,
    );
    console.log(`  main threads, direct to the element: ${mainThreadsOf(baselines)}`);
    const suspicious = summary.pairs.filter((pair) => pair.ratio > BROKEN_ABOVE).length;
    if (suspicious > 0) {
      console.log(`  note: ${suspicious} of ${summary.pairs.length} pairs above ${BROKEN_ABOVE}`);
    }
  }
  console.log(
    `peak RSS MB: ${Object.entries(rss)
      .map(([name, mb]) => `${name} ${fmt(mb, 0)}`)
      .join(', ')}`,
  );
}
