// CPU of every process an ingest run touches, in cores used over a timed run: the ingester, the
// element, the admin, the PostgreSQL backends serving their databases, and the bench client itself.
// Kernel time is kept apart: loopback TCP sends (the PostgreSQL protocol, HTTP between services)
// run the receiver's network stack inside the sender's system call.
import { clearInterval, setInterval } from 'node:timers';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { mainThreadSchedSeconds } from '../lib/measure.mjs';

const CLOCK_TICKS_PER_SECOND = 100;
const BACKEND_POLL_MS = 250;

/** {user, system} CPU seconds of one process, or undefined once it has exited. */
function cpuTimesOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return {
      user: Number(fields[11]) / CLOCK_TICKS_PER_SECOND,
      system: Number(fields[12]) / CLOCK_TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

/**
 * The PostgreSQL backends of some databases. Pools open and close connections during a run, so the
 * meter polls them and keeps each backend's last reading: a connection closed mid-run still counts.
 */
export async function connectBackendWatch(postgresUrl, databaseNames) {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  const pids = async () =>
    (
      await client.query('SELECT pid FROM pg_stat_activity WHERE datname = ANY($1)', [databaseNames])
    ).rows.map((row) => row.pid);
  return { pids, close: () => client.end() };
}

/**
 * Starts a CPU measurement of `processes` ({name: pid}) plus `client` (this process) and, given a
 * `backends` watch, `postgres`. `stop(seconds)` resolves with `{cores, kernel, mainThread}`: {name: cores}, and
 * {name: {run, wait}} for the main threads of `processes`.
 */
export async function startCpuMeter(processes, backends) {
  const fixed = { ...processes, client: process.pid };
  const before = Object.fromEntries(Object.entries(fixed).map(([name, pid]) => [name, cpuTimesOf(pid)]));
  const schedBefore = Object.fromEntries(
    Object.entries(processes).map(([name, pid]) => [name, mainThreadSchedSeconds(pid)]),
  );
  // pid → {first, last}; a backend first seen mid-run started in the run, so counts from zero.
  const seen = new Map();
  const zero = { user: 0, system: 0 };
  const poll = async (initial) => {
    for (const pid of await backends.pids()) {
      const times = cpuTimesOf(pid);
      if (times) {
        const entry = seen.get(pid) ?? { first: initial ? times : zero };
        entry.last = times;
        seen.set(pid, entry);
      }
    }
  };
  let polling = Promise.resolve();
  let timer;
  if (backends) {
    await poll(true);
    timer = setInterval(() => {
      polling = polling.then(() => poll(false)).catch(() => undefined);
    }, BACKEND_POLL_MS);
  }
  return async (seconds) => {
    const cores = {};
    const kernel = {};
    // Seconds per second each service's main thread ran on a CPU, and waited in the run queue for one.
    const mainThread = {};
    for (const [name, pid] of Object.entries(processes)) {
      const sched = mainThreadSchedSeconds(pid);
      mainThread[name] = {
        run: (sched.run - schedBefore[name].run) / seconds,
        wait: (sched.wait - schedBefore[name].wait) / seconds,
      };
    }
    const add = (name, from, to) => {
      cores[name] = (cores[name] ?? 0) + (to.user - from.user + to.system - from.system) / seconds;
      kernel[name] = (kernel[name] ?? 0) + (to.system - from.system) / seconds;
    };
    for (const [name, pid] of Object.entries(fixed)) {
      add(name, before[name], cpuTimesOf(pid));
    }
    if (backends) {
      clearInterval(timer);
      await polling;
      await poll(false);
      cores.postgres = 0;
      kernel.postgres = 0;
      for (const { first, last } of seen.values()) {
        add('postgres', first, last);
      }
    }
    return { cores, kernel, mainThread };
  };
}
