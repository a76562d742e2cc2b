// Figure 2: 4 KiB files per second end to end through the ingester (multipart upload: saga, element
// PUT, registration with the admin) from a fixed number of clients, vs direct element PUTs of the
// same bytes from as many clients. Every answer is checked (201, file id, size, sha256).
import { Buffer } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { pairedRatios } from '../lib/measure.mjs';
import { newFileId } from '../lib/uuid-v7.mjs';
import { check, parseJson } from '../storage-element/timed-run.mjs';
import { startPhaseMeter } from './ingest-phases.mjs';
import { startCpuMeter } from './process-cpu.mjs';
import { elementAttributes, multipartFrame, sendSmall } from './upload-requests.mjs';
import { ELEMENT_ID } from './service-processes.mjs';

export async function measureSmallUploads(ctx, { sizeBytes, clients, seconds, pairs }) {
  const content = randomBytes(sizeBytes);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const frame = multipartFrame(`bench-${randomBytes(8).toString('hex')}`, 'bench-small.bin');
  const form = Buffer.concat([frame.head, content, frame.tail]);
  const attributes = elementAttributes('bench-small.bin', ctx.clientId);

  /** `clients` loops of `send()` until the deadline; `send` checks its answer and returns ms. */
  const timedLoad = async (send) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    const meter = await startCpuMeter(
      {
        ingester: ctx.stack.ingester.child.pid,
        element: ctx.stack.element.child.pid,
        admin: ctx.stack.admin.child.pid,
      },
      ctx.backends,
    );
    const latenciesMs = [];
    try {
      const started = performance.now();
      const deadline = started + seconds * 1000;
      const client = async () => {
        while (performance.now() < deadline) {
          latenciesMs.push(await send(agent));
        }
      };
      await Promise.all(Array.from({ length: clients }, client));
      const wall = (performance.now() - started) / 1000;
      return {
        files: latenciesMs.length,
        seconds: wall,
        latenciesMs,
        rate: latenciesMs.length / wall,
        cpu: await meter(wall),
      };
    } finally {
      agent.destroy();
    }
  };

  const runBaseline = () =>
    timedLoad(async (agent) => {
      const id = newFileId();
      const answer = await sendSmall(`${ctx.stack.element.url}/api/v1/files/${id}`, {
        method: 'PUT',
        agent,
        body: content,
        headers: {
          authorization: `Bearer ${ctx.token()}`,
          'content-type': 'application/octet-stream',
          'artstore-attributes': attributes,
        },
      });
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
      return answer.ms;
    });

  const runSystem = async () => {
    const phases = await startPhaseMeter(ctx.stack.ingester.url);
    const run = await timedLoad(async (agent) => {
      const answer = await sendSmall(`${ctx.stack.ingester.url}/api/v1/files/upload`, {
        method: 'POST',
        agent,
        body: form,
        headers: { authorization: `Bearer ${ctx.token()}`, 'content-type': frame.contentType },
      });
      check(
        answer.status === 201,
        `ingester upload answered ${answer.status}: ${answer.body.slice(0, 1000)}`,
      );
      const stored = parseJson(answer.body, 'ingester upload');
      check(
        stored.size_bytes === sizeBytes &&
          stored.sha256 === sha256 &&
          stored.storage_element_id === ELEMENT_ID,
        `ingester upload answered ${answer.body.slice(0, 1000)}`,
      );
      ctx.counts.elementFiles += 1;
      ctx.counts.registered += 1;
      return answer.ms;
    });
    return { ...run, phasesMs: await phases() };
  };

  return pairedRatios({ pairs, runBaseline, runSystem, rateOf: (run) => run.rate, alternate: true });
}
