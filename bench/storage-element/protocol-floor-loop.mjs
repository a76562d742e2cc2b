// The floor of SPEC §4's create protocol on this disk: only the syscalls it prescribes, with every
// amortisation the element uses (WAL group commit, one shared directory fsync per batch) and nothing
// else — no HTTP, no hashing, no database, no Redis. Per file: WAL intent (appended, fdatasync shared),
// data temp write + fsync and attr.json temp write + fsync (in parallel), two renames, the directory
// fsync (shared), WAL commit (shared fdatasync). The element can at best approach this rate.
// Same protocol as durable-write-loop.mjs: {dir, seconds, concurrency, sizeBytes, prefix} in,
// {files, seconds, latenciesMs} out.
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';

/** Appends wait for the next fdatasync; one runs at a time and covers every line written before it. */
function groupCommitted(sync) {
  let running;
  let next;
  const start = () => {
    const waiters = next;
    next = undefined;
    running = sync().finally(() => {
      running = undefined;
      if (next) {
        start();
      }
    });
    running.then(waiters.resolve, waiters.reject);
  };
  return () => {
    if (!next) {
      let resolve;
      let reject;
      const promise = new Promise((ok, fail) => ((resolve = ok), (reject = fail)));
      next = { promise, resolve, reject };
    }
    const { promise } = next;
    if (!running) {
      start();
    }
    return promise;
  };
}

async function writeSyncedTemp(temp, content) {
  const file = await open(temp, 'wx');
  try {
    await file.writeFile(content);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function run({ dir, seconds, concurrency, sizeBytes, prefix }) {
  await mkdir(dir, { recursive: true });
  const wal = await open(path.join(dir, `${prefix}.wal`), 'a');
  const directory = await open(dir, 'r');
  const walSynced = groupCommitted(() => wal.datasync());
  const directorySynced = groupCommitted(() => directory.sync());
  const appendToWal = async (line) => {
    await wal.write(`${line}\n`);
    await walSynced();
  };
  const body = randomBytes(sizeBytes);
  const attributes = JSON.stringify({ file_id: 'x'.repeat(36), padding: 'y'.repeat(600) });
  const latenciesMs = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const name = `${prefix}-${(next += 1)}`;
      const begun = performance.now();
      const intent = appendToWal(`{"tx":"${name}","phase":"intent"}`);
      const dataTemp = path.join(dir, `.${name}.data.tmp`);
      const attrTemp = path.join(dir, `.${name}.attr.tmp`);
      await Promise.all([writeSyncedTemp(dataTemp, body), writeSyncedTemp(attrTemp, attributes), intent]);
      await rename(dataTemp, path.join(dir, name));
      await rename(attrTemp, path.join(dir, `${name}.attr.json`));
      await directorySynced();
      await appendToWal(`{"tx":"${name}","phase":"commit"}`);
      latenciesMs.push(performance.now() - begun);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await wal.close();
    await directory.close();
  }
  return { files: latenciesMs.length, seconds: (performance.now() - started) / 1000, latenciesMs };
}

process.on('message', (request) => {
  run(request).then(
    (result) => process.send({ result }),
    (error) => process.send({ error: error.stack ?? String(error) }),
  );
});
process.send('ready');
