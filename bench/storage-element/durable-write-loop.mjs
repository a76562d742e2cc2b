// Baseline for the element's small PUTs: durable 4 KiB files written straight to the disk, no HTTP —
// temp file, write, fsync, close, rename, fsync the directory — with a fixed number in flight.
// Runs as a child (its CPU and RSS are measured apart from the benchmark's client); the parent sends
// {dir, seconds, concurrency, sizeBytes, prefix} and gets back {files, seconds, latenciesMs}.
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';

async function writeDurably(dir, name, body) {
  const temp = path.join(dir, `.${name}.tmp`);
  const file = await open(temp, 'w');
  try {
    await file.writeFile(body);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path.join(dir, name));
  const directory = await open(dir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

async function run({ dir, seconds, concurrency, sizeBytes, prefix }) {
  await mkdir(dir, { recursive: true });
  const body = randomBytes(sizeBytes);
  const latenciesMs = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const name = `${prefix}-${(next += 1)}`;
      const begun = performance.now();
      await writeDurably(dir, name, body);
      latenciesMs.push(performance.now() - begun);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { files: latenciesMs.length, seconds: (performance.now() - started) / 1000, latenciesMs };
}

process.on('message', (request) => {
  run(request).then(
    (result) => process.send({ result }),
    (error) => process.send({ error: error.stack ?? String(error) }),
  );
});
process.send('ready');
