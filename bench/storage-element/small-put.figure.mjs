// Figure 2: durable 4 KiB files per second through the element's PUT with a fixed number of clients,
// vs a raw temp + fsync + rename + directory-fsync loop with as many in flight (no HTTP at all).
// Each pair also runs the protocol floor (protocol-floor-loop.mjs): the syscalls SPEC's create needs
// and nothing else, which bounds what any element can reach on this disk.
import { performance } from 'node:perf_hooks';
import { randomBytes, createHash } from 'node:crypto';
import http from 'node:http';
import { cpuSeconds, mainThreadSchedSeconds, median, pairedRatios } from '../lib/measure.mjs';
import { newFileId } from '../lib/uuid-v7.mjs';
import { artstoreAttributes, putSmall } from './http-transfers.mjs';
import { check, parseJson, timedRun } from './timed-run.mjs';

/** CPU seconds of processes that may have exited since (a closed pool connection counts 0). */
function sumCpuSeconds(pids) {
  return pids.reduce((sum, pid) => {
    try {
      return sum + cpuSeconds(pid);
    } catch {
      return sum;
    }
  }, 0);
}

function summarize(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

function askLoop(loop, request) {
  return new Promise((resolve, reject) => {
    loop.once('message', (answer) =>
      answer.error ? reject(new Error(answer.error)) : resolve(answer.result),
    );
    loop.send(request);
  });
}

export async function measureSmallPuts(ctx, { sizeBytes, clients, seconds, pairs }) {
  const body = randomBytes(sizeBytes);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const attributes = artstoreAttributes('bench-small.bin');
  let baselineRuns = 0;

  const runLoop = async (loop, dir) => {
    const run = await timedRun(loop.pid, () =>
      askLoop(loop, { dir, seconds, concurrency: clients, sizeBytes, prefix: `run${baselineRuns}` }),
    );
    return { ...run, rate: run.files / run.seconds };
  };
  // The protocol floor runs beside the baseline in every pair, so both see the same disk weather.
  const runBaseline = async () => {
    baselineRuns += 1;
    const run = await runLoop(ctx.loop, ctx.dirs.loop);
    ctx.counts.loopFiles += run.files;
    const floor = await runLoop(ctx.floor, ctx.dirs.floor);
    ctx.counts.floorFiles += floor.files;
    return { ...run, floor };
  };

  const runSystem = async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    const latenciesMs = [];
    const pid = ctx.element.child.pid;
    const databasePids = await ctx.databasePids();
    const databaseCpuBefore = sumCpuSeconds(databasePids);
    const schedBefore = mainThreadSchedSeconds(pid);
    try {
      const run = await timedRun(pid, async () => {
        const started = performance.now();
        const deadline = started + seconds * 1000;
        const headers = {
          authorization: `Bearer ${ctx.token()}`,
          'content-type': 'application/octet-stream',
          'artstore-attributes': attributes,
        };
        const client = async () => {
          while (performance.now() < deadline) {
            const id = newFileId();
            const answer = await putSmall(`${ctx.element.url}/api/v1/files/${id}`, { agent, body, headers });
            check(
              answer.status === 201,
              `element PUT ${id} answered ${answer.status}: ${answer.body.slice(0, 1000)}`,
            );
            const stored = parseJson(answer.body, 'element PUT');
            check(
              stored.file_id === id && stored.size_bytes === sizeBytes && stored.sha256 === sha256,
              `element PUT ${id} answered ${answer.body.slice(0, 1000)}`,
            );
            ctx.counts.elementFiles += 1;
            latenciesMs.push(answer.ms);
          }
        };
        await Promise.all(Array.from({ length: clients }, client));
        const wall = (performance.now() - started) / 1000;
        return { files: latenciesMs.length, seconds: wall, latenciesMs, rate: latenciesMs.length / wall };
      });
      const sched = mainThreadSchedSeconds(pid);
      return {
        ...run,
        databaseCpu: (sumCpuSeconds(databasePids) - databaseCpuBefore) / run.seconds,
        mainThreadRun: (sched.run - schedBefore.run) / run.seconds,
        mainThreadWait: (sched.wait - schedBefore.wait) / run.seconds,
      };
    } finally {
      agent.destroy();
    }
  };

  const summary = await pairedRatios({ pairs, runBaseline, runSystem, rateOf: (run) => run.rate });
  const ratios = (of) => summarize(summary.pairs.map(of));
  return {
    summary,
    sha256,
    floor: {
      ofBaseline: ratios((pair) => pair.baseline.floor.rate / pair.baseline.rate),
      elementOfFloor: ratios((pair) => pair.system.rate / pair.baseline.floor.rate),
      rate: median(summary.pairs.map((pair) => pair.baseline.floor.rate)),
    },
  };
}
