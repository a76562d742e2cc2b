// Figure 1: one large multipart upload through the ingester (POST /api/v1/files/upload, streamed from
// a generated file) vs the same bytes PUT straight to the element; plus the ingester's RSS growth
// while it streams. Every answer's sha256 and size are checked against the generated file's.
import { randomBytes } from 'node:crypto';
import { settle } from '../lib/disk.mjs';
import { pairedRatios, peakRssMb, resetPeakRss, rssMb } from '../lib/measure.mjs';
import { newFileId } from '../lib/uuid-v7.mjs';
import { check, parseJson } from '../storage-element/timed-run.mjs';
import { startCpuMeter } from './process-cpu.mjs';
import { elementAttributes, multipartFrame, sendFile } from './upload-requests.mjs';
import { ELEMENT_ID } from './service-processes.mjs';

export async function measureLargeUpload(ctx, { source, pairs }) {
  const { path: filePath, sizeBytes, sha256 } = source;
  const ingesterPid = ctx.stack.ingester.child.pid;
  const elementPid = ctx.stack.element.child.pid;
  const growth = { ingester: [], element: [] };

  /** Settles the disk, clears both servers' peak RSS, runs `send` and checks the stored file. */
  const timedUpload = async (who, send, expectedId) => {
    await settle(ctx.settleMs);
    const pids = { ingester: ingesterPid, element: elementPid };
    const rssBefore = {};
    ctx.notePeakRss();
    for (const [name, pid] of Object.entries(pids)) {
      resetPeakRss(pid);
      rssBefore[name] = rssMb(pid);
    }
    const meter = await startCpuMeter({ ...pids, admin: ctx.stack.admin.child.pid }, ctx.backends);
    const run = await send();
    const cpu = await meter(run.seconds);
    check(run.status === 201, `${who} answered ${run.status}: ${run.body.slice(0, 1000)}`);
    const stored = parseJson(run.body, who);
    check(
      expectedId === undefined || stored.file_id === expectedId,
      `${who} stored ${stored.file_id}, sent ${expectedId}`,
    );
    check(stored.size_bytes === sizeBytes, `${who} stored ${stored.size_bytes} bytes of ${sizeBytes}`);
    check(stored.sha256 === sha256, `${who} answered sha256 ${stored.sha256}, the file's is ${sha256}`);
    ctx.counts.elementFiles += 1;
    const rssGrowthMb = {};
    for (const [name, pid] of Object.entries(pids)) {
      rssGrowthMb[name] = peakRssMb(pid) - rssBefore[name];
    }
    return { ...run, stored, cpu, rssGrowthMb, rate: sizeBytes / 1e6 / run.seconds };
  };

  const runBaseline = async () => {
    const id = newFileId();
    return timedUpload(
      'element PUT',
      () =>
        sendFile(`${ctx.stack.element.url}/api/v1/files/${id}`, {
          method: 'PUT',
          filePath,
          sizeBytes,
          headers: {
            authorization: `Bearer ${ctx.token()}`,
            'content-type': 'application/octet-stream',
            'artstore-attributes': elementAttributes(`bench-large-${id}.bin`, ctx.clientId),
          },
        }),
      id,
    );
  };

  const runSystem = async () => {
    const frame = multipartFrame(`bench-${randomBytes(8).toString('hex')}`, 'bench-large.bin');
    const run = await timedUpload('ingester upload', () =>
      sendFile(`${ctx.stack.ingester.url}/api/v1/files/upload`, {
        method: 'POST',
        filePath,
        sizeBytes,
        head: frame.head,
        tail: frame.tail,
        headers: { authorization: `Bearer ${ctx.token()}`, 'content-type': frame.contentType },
      }),
    );
    check(
      run.stored.storage_element_id === ELEMENT_ID && run.stored.retention_policy === 'temporary',
      `ingester upload answered ${run.body.slice(0, 1000)}`,
    );
    ctx.counts.registered += 1;
    growth.ingester.push(run.rssGrowthMb.ingester);
    return run;
  };

  const summary = await pairedRatios({
    pairs,
    runBaseline,
    runSystem,
    rateOf: (run) => run.rate,
    alternate: true,
  });
  for (const pair of summary.pairs) {
    growth.element.push(pair.baseline.rssGrowthMb.element, pair.system.rssGrowthMb.element);
  }
  // The warm-up pair's growth counts too: the first large upload is where buffers get allocated.
  return {
    summary,
    ingesterRssGrowthMb: Math.max(...growth.ingester),
    elementRssGrowthMb: Math.max(...growth.element),
  };
}
