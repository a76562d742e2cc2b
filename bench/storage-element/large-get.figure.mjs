// Figure 3: one large GET from the element vs a minimal node:http server streaming the very same
// stored file. Timed runs count bytes; one hashed read from each side afterwards checks the content.
import path from 'node:path';
import { listFiles, settle } from '../lib/disk.mjs';
import { pairedRatios } from '../lib/measure.mjs';
import { curlAvailable, getCounted, getWithCurl } from './http-transfers.mjs';
import { check, timedRun } from './timed-run.mjs';

export async function measureLargeGet(ctx, { fileId, sizeBytes, sha256, pairs }) {
  const [stored] = await listFiles(ctx.dirs.element, (name) => name === fileId);
  check(stored !== undefined, `the element's file ${fileId} is not under ${ctx.dirs.element}`);
  const baselineUrl = `${ctx.raw.url}/files/${path.relative(ctx.dirs.run, stored).split(path.sep).join('/')}`;
  const elementUrl = `${ctx.element.url}/api/v1/files/${fileId}`;
  const auth = () => ({ authorization: `Bearer ${ctx.token()}` });

  const get = (await curlAvailable()) ? getWithCurl : getCounted;
  const timedGet = async (pid, url, headers, who) => {
    await settle(ctx.settleMs);
    const run = await timedRun(pid, () => get(url, { headers }));
    check(run.status === 200, `${who} GET answered ${run.status}`);
    check(run.bytes === sizeBytes, `${who} GET sent ${run.bytes} bytes of ${sizeBytes}`);
    return { ...run, rate: sizeBytes / 1e6 / run.seconds };
  };
  const summary = await pairedRatios({
    pairs,
    runBaseline: () => timedGet(ctx.raw.child.pid, baselineUrl, {}, 'baseline'),
    runSystem: () => timedGet(ctx.element.child.pid, elementUrl, auth(), 'element'),
    rateOf: (run) => run.rate,
    alternate: true,
  });

  for (const [who, url, headers] of [
    ['baseline', baselineUrl, {}],
    ['element', elementUrl, auth()],
  ]) {
    const read = await getCounted(url, { headers, hash: true });
    check(
      read.status === 200 && read.sha256 === sha256,
      `${who} GET read sha256 ${read.sha256}, stored ${sha256}`,
    );
  }
  return { summary, client: get === getWithCurl ? 'curl' : 'node:http' };
}
