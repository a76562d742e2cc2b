import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFileId } from '@artstore/attr-wal';
import { buildElementTestBundle, CrashTestElement, sha256Of } from './crash-harness';

const ROUNDS = 20;
const CONCURRENT_UPLOADS = 32;
const MAX_UPLOAD_BYTES = 256 * 1024;
/** Kill moments are drawn from [0, this × how long one batch takes on a just-restarted element]. */
const KILL_WINDOW_FACTOR = 1.25;

interface RoundOutcome {
  killedAfterMs: number;
  acknowledged: number;
  /** Uploads cut off without an answer that recovery kept (committed) or dropped (rolled back). */
  keptUnanswered: number;
  droppedUnanswered: number;
}

// SPEC §4 under load: kill -9 the element at a random moment while 32 uploads are in flight, restart
// it, and check that no acknowledged file is lost or changed and nothing uncommitted survives.
describe('storage element killed during concurrent uploads', () => {
  let element: CrashTestElement;

  beforeAll(async () => {
    await buildElementTestBundle();
    element = await CrashTestElement.create('crash_rounds');
    await element.start();
  });

  afterAll(async () => {
    await element?.close();
  });

  const aBatch = () =>
    Array.from({ length: CONCURRENT_UPLOADS }, () => ({
      fileId: newFileId(),
      bytes: randomBytes(randomInt(1, MAX_UPLOAD_BYTES + 1)),
    }));

  it(`keeps every acknowledged upload through ${ROUNDS} random SIGKILLs`, async ({ annotate }) => {
    /** file id → sha256 of everything answered 201, over all rounds. */
    const acknowledged = new Map<string, string>();
    /** file id → sha256 of everything sent, answered or not. */
    const sent = new Map<string, string>();
    const outcomes: RoundOutcome[] = [];
    const startedAt = Date.now();

    // A fixed window (say 150 ms) kills before the first commit on a slow disk and after the last on
    // a fast one: time one uncut batch on a restarted element (as each round runs) and kill within it.
    await element.restart();
    await element.expectConsistent();
    const calibration = aBatch();
    const calibrationStart = performance.now();
    await Promise.all(calibration.map(({ fileId, bytes }) => element.store(fileId, bytes)));
    const killWindowMs = Math.ceil((performance.now() - calibrationStart) * KILL_WINDOW_FACTOR);
    for (const { fileId, bytes } of calibration) {
      sent.set(fileId, sha256Of(bytes));
      acknowledged.set(fileId, sha256Of(bytes));
    }

    for (let round = 1; round <= ROUNDS; round += 1) {
      const uploads = aBatch();
      for (const { fileId, bytes } of uploads) {
        sent.set(fileId, sha256Of(bytes));
      }
      const killedAfterMs = randomInt(0, killWindowMs + 1);
      const answers = Promise.allSettled(uploads.map(({ fileId, bytes }) => element.upload(fileId, bytes)));
      await sleep(killedAfterMs);
      expect(await element.current?.kill()).toEqual({ code: null, signal: 'SIGKILL' });

      const roundAcknowledged = new Map<string, string>();
      for (const [index, answer] of (await answers).entries()) {
        if (answer.status === 'fulfilled') {
          // An answer that arrived before the kill can only be the 201: nothing else may fail here.
          expect(answer.value.status, `round ${round}`).toBe(201);
          await answer.value.body?.cancel();
          const { fileId } = uploads[index] ?? { fileId: '' };
          roundAcknowledged.set(fileId, sent.get(fileId) ?? '');
          acknowledged.set(fileId, sent.get(fileId) ?? '');
        }
      }

      await element.start();
      const { disk } = await element.expectConsistent();
      for (const [fileId, sha256] of acknowledged) {
        expect({ round, fileId, sha256: disk.files.get(fileId)?.dataSha256 }).toEqual({
          round,
          fileId,
          sha256,
        });
      }
      // Whatever survived without an answer is a committed upload, with exactly the bytes sent.
      for (const [fileId, file] of disk.files) {
        expect({ round, fileId, sha256: file.dataSha256 }).toEqual({
          round,
          fileId,
          sha256: sent.get(fileId),
        });
      }
      await element.expectServed(roundAcknowledged);
      const kept = uploads.filter(({ fileId }) => disk.files.has(fileId)).length;
      outcomes.push({
        killedAfterMs,
        acknowledged: roundAcknowledged.size,
        keptUnanswered: kept - roundAcknowledged.size,
        droppedUnanswered: CONCURRENT_UPLOADS - kept,
      });
    }

    await element.expectServed(acknowledged);
    const total = (key: keyof RoundOutcome) => outcomes.reduce((sum, outcome) => sum + outcome[key], 0);
    // Shown by the reporters: what the kills hit this time.
    await annotate(
      `kill window ${killWindowMs} ms; ${ROUNDS} rounds in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ` +
        `${total('acknowledged')} acknowledged, ${total('keptUnanswered')} committed without an answer, ` +
        `${total('droppedUnanswered')} rolled back; kill delays ${outcomes.map((o) => o.killedAfterMs).join(',')} ms`,
    );
    // The rounds must have cut uploads at different stages, or they proved little.
    expect(total('acknowledged')).toBeGreaterThan(0);
    expect(total('droppedUnanswered')).toBeGreaterThan(0);
    // ~100 s on a quiet 2-core VM; twenty process restarts took over 170 s with other test runs beside it.
  }, 360_000);
});
