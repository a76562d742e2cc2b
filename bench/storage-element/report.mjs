// Prints the element benchmark's table: one row per figure, every process's CPU and peak RSS.
import { fmt, median, percentile } from '../lib/measure.mjs';

/** Ratios above this mean the baseline was slowed by something else: the figure is not trusted. */
export const BROKEN_ABOVE = 1.05;

export function verdict(summary, target) {
  if (summary.median > BROKEN_ABOVE) {
    return 'BROKEN';
  }
  return summary.median >= target ? 'ok' : 'MISS';
}

const latencyOf = (runs, unit) => {
  if (unit === 'ms') {
    const all = runs.flatMap((run) => run.latenciesMs);
    return `${fmt(percentile(all, 0.5), 1)}/${fmt(percentile(all, 0.99), 1)} ms`;
  }
  const seconds = runs.map((run) => run.seconds);
  return `${fmt(percentile(seconds, 0.5))}/${fmt(percentile(seconds, 0.99))} s`;
};

/** `rows`: {label, summary, target, unit ('MB/s'|'files/s'), latency ('s'|'ms'), rss: {element, baseline}}. */
export function printTable(rows) {
  console.log(
    'figure                        ratio median [min, max]  target        element    baseline  unit     ' +
      'p50/p99 elem (base)              cpu elem/base/client  peak RSS MB elem/base',
  );
  for (const row of rows) {
    const { summary } = row;
    const systems = summary.pairs.map((pair) => pair.system);
    const baselines = summary.pairs.map((pair) => pair.baseline);
    const cpu = (runs, key) => fmt(median(runs.map((run) => run[key])));
    console.log(
      `${row.label.padEnd(29)} ${fmt(summary.median)} [${fmt(summary.min)}, ${fmt(summary.max)}]`.padEnd(55) +
        `≥ ${row.target} ${verdict(summary, row.target).padEnd(6)}` +
        `${fmt(median(systems.map((run) => run.rate)), 0).padStart(10)}  ${fmt(median(baselines.map((run) => run.rate)), 0).padStart(10)}  ${row.unit.padEnd(7)}  ` +
        `${latencyOf(systems, row.latency)} (${latencyOf(baselines, row.latency)})`.padEnd(33) +
        `${cpu(systems, 'cpu')}/${cpu(baselines, 'cpu')}/${cpu(systems, 'clientCpu')}`.padEnd(22) +
        `${fmt(row.rss.element, 0)}/${fmt(row.rss.baseline, 0)}`,
    );
    const suspicious = summary.pairs.filter((pair) => pair.ratio > BROKEN_ABOVE).length;
    if (suspicious > 0) {
      console.log(`  note: ${suspicious} of ${summary.pairs.length} pairs above ${BROKEN_ABOVE}`);
    }
  }
}
