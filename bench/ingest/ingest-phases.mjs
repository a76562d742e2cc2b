// Where an upload's time goes, from the ingester's own histogram `ingest_phase_duration_seconds`
// (parse, the saga steps reserve/store/register/commit, total): mean ms per upload over a timed run.
// What `total` holds beyond the listed phases is the saga's bookkeeping (state persisted before each
// step) and the answer.
const SAMPLE = /^ingest_phase_duration_seconds_(sum|count)\{phase="(\w+)"\} ([\d.e+-]+)$/;

async function scrapePhases(ingesterUrl) {
  const text = await (await fetch(`${ingesterUrl}/metrics`)).text();
  const phases = {};
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (match) {
      const [, kind, phase, value] = match;
      phases[phase] ??= { sum: 0, count: 0 };
      phases[phase][kind] = Number(value);
    }
  }
  return phases;
}

/** Starts a measurement; the returned function resolves with {phase: mean ms} since the start. */
export async function startPhaseMeter(ingesterUrl) {
  const before = await scrapePhases(ingesterUrl);
  return async () => {
    const after = await scrapePhases(ingesterUrl);
    const means = {};
    for (const [phase, { sum, count }] of Object.entries(after)) {
      const previous = before[phase] ?? { sum: 0, count: 0 };
      if (count > previous.count) {
        means[phase] = ((sum - previous.sum) / (count - previous.count)) * 1000;
      }
    }
    return means;
  };
}
