// Figure 1: one large PUT to the element vs the same bytes PUT to a minimal node:http server that
// streams them to a file and fsyncs; plus the element's RSS growth during the upload.
import { randomBytes } from 'node:crypto';
import { settle } from '../lib/disk.mjs';
import { pairedRatios, peakRssMb, resetPeakRss, rssMb } from '../lib/measure.mjs';
import { newFileId } from '../lib/uuid-v7.mjs';
import { artstoreAttributes, putRepeated, sha256OfRepeated } from './http-transfers.mjs';
import { check, parseJson, timedRun } from './timed-run.mjs';

export async function measureLargePut(ctx, { sizeBytes, pairs }) {
  const chunk = randomBytes(1024 * 1024);
  const sha256 = sha256OfRepeated(chunk, sizeBytes);
  const rssGrowthMb = [];
  let fileId;
  let baselineUploads = 0;

  const runBaseline = async () => {
    await settle(ctx.settleMs);
    baselineUploads += 1;
    const run = await timedRun(ctx.raw.child.pid, () =>
      putRepeated(`${ctx.raw.url}/files/raw/large-${baselineUploads}`, {
        chunk,
        totalBytes: sizeBytes,
        headers: { 'content-type': 'application/octet-stream' },
      }),
    );
    check(run.status === 201, `baseline PUT answered ${run.status}: ${run.body}`);
    check(parseJson(run.body, 'baseline PUT').size_bytes === sizeBytes, `baseline stored ${run.body}`);
    return { ...run, rate: sizeBytes / 1e6 / run.seconds };
  };

  const runSystem = async () => {
    await settle(ctx.settleMs);
    const pid = ctx.element.child.pid;
    resetPeakRss(pid);
    const rssBefore = rssMb(pid);
    const id = newFileId();
    const run = await timedRun(pid, () =>
      putRepeated(`${ctx.element.url}/api/v1/files/${id}`, {
        chunk,
        totalBytes: sizeBytes,
        headers: {
          authorization: `Bearer ${ctx.token()}`,
          'content-type': 'application/octet-stream',
          'artstore-attributes': artstoreAttributes(`bench-large-${id}.bin`),
        },
      }),
    );
    check(run.status === 201, `element PUT answered ${run.status}: ${run.body.slice(0, 1000)}`);
    const stored = parseJson(run.body, 'element PUT');
    check(stored.file_id === id, `element PUT answered file_id ${stored.file_id}, sent ${id}`);
    check(stored.size_bytes === sizeBytes, `element stored ${stored.size_bytes} bytes of ${sizeBytes}`);
    check(stored.sha256 === sha256, `element sha256 ${stored.sha256}, expected ${sha256}`);
    ctx.counts.elementFiles += 1;
    fileId = id;
    rssGrowthMb.push(peakRssMb(pid) - rssBefore);
    return { ...run, rate: sizeBytes / 1e6 / run.seconds };
  };

  const summary = await pairedRatios({
    pairs,
    runBaseline,
    runSystem,
    rateOf: (run) => run.rate,
    alternate: true,
  });
  // The warm-up pair's growth counts too: the first large upload is where buffers get allocated.
  return { summary, fileId, sha256, rssGrowthMb: Math.max(...rssGrowthMb) };
}
