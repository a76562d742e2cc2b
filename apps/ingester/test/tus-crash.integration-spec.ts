import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngesterProcess, waitFor } from '@artstore/testing';
import { tusOptions, uploadIdOf, uploadWithTus } from './tus-client';
import { TusHoldingProxy } from './tus-holding-proxy';
import { isRegistered, readBack, startUploadStack, type UploadStack } from './upload-stack';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
// Long enough for the killed ingester to come back (the client keeps retrying meanwhile).
const RETRY_DELAYS = [200, 500, 1000, 1000, 2000, 2000, 3000, 3000, 5000, 5000, 5000];

// The ingester runs as its own process (the built bundle) and is killed with SIGKILL; it comes
// back on the same database and staging directory, and tus-js-client resumes on its own.
describe('resumable uploads when the ingester is killed', () => {
  let stack: UploadStack;
  let proxy: TusHoldingProxy;
  let ingester: IngesterProcess;

  beforeAll(async () => {
    stack = await startUploadStack({ elements: [{ id: 'se-tus-crash', mode: 'edit' }] });
    proxy = await TusHoldingProxy.start(stack.elements[0].url);
    ingester = await IngesterProcess.start({
      adminUrl: stack.admin.url,
      clientSecret: stack.admin.serviceSecrets.ingester,
      discovery: { staticElements: [`${stack.elements[0].id}=${proxy.url};mode=edit;priority=100`] },
    });
  }, 120_000);

  afterAll(async () => {
    await ingester?.remove();
    await proxy?.close();
    await stack?.close();
  });

  const element = () => stack.elements[0];
  const staged = (): string[] => readdirSync(path.join(ingester.dataDir, 'staging'));

  async function sagaStatuses(): Promise<string[]> {
    const client = new pg.Client({ connectionString: ingester.database.url });
    await client.connect();
    try {
      const result = await client.query<{ status: string }>(
        `SELECT status FROM sagas WHERE type = 'ingester.upload' ORDER BY created_at`,
      );
      return result.rows.map((row) => row.status);
    } finally {
      await client.end();
    }
  }

  async function expectStored(fileId: string, bytes: Buffer): Promise<void> {
    expect(await readBack(element(), fileId, stack.token)).toEqual({
      sha256: sha256(bytes),
      size: bytes.length,
    });
    expect(await isRegistered(stack, fileId)).toBe(true);
  }

  it('resumes with the exact bytes after a SIGKILL in the middle of a chunk', async () => {
    const bytes = randomBytes(16 * MiB);
    let restarted: Promise<void> | undefined;
    const outcome = await uploadWithTus(
      bytes,
      tusOptions(stack.token, {
        endpoint: `${ingester.url}/api/v1/uploads`,
        chunkSize: 4 * MiB,
        retryDelays: RETRY_DELAYS,
        onProgress: (sent) => {
          if (sent >= 6 * MiB && !restarted) {
            restarted = ingester.kill().then(() => ingester.restart());
          }
        },
      }),
    );
    await restarted;
    expect(restarted).toBeDefined();
    const fileId = uploadIdOf(outcome.uploadUrl);
    expect(outcome.fileId).toBe(fileId);
    await expectStored(fileId, bytes);
  }, 90_000);

  it('finishes the store after a SIGKILL while the saga was storing, instead of undoing it', async () => {
    const bytes = randomBytes(2 * MiB);
    proxy.hold();
    const finished = uploadWithTus(
      bytes,
      tusOptions(stack.token, { endpoint: `${ingester.url}/api/v1/uploads`, retryDelays: RETRY_DELAYS }),
    );
    // The element has the whole body; its answer is held, so the saga is in its store step.
    await waitFor(async () => (await sagaStatuses()).includes('running'), 15_000, 50);
    await ingester.kill();
    proxy.release();
    await ingester.restart();
    const outcome = await finished;
    const fileId = uploadIdOf(outcome.uploadUrl);
    expect(outcome.fileId).toBe(fileId);
    await expectStored(fileId, bytes);
    // The recovery worker completed the interrupted attempt: no second attempt, nothing compensated.
    expect((await sagaStatuses()).slice(-1)).toEqual(['completed']);
    expect((await sagaStatuses()).filter((status) => status !== 'completed')).toEqual([]);
    await waitFor(() => Promise.resolve(!staged().some((name) => name.startsWith(fileId))), 10_000, 100);
  }, 90_000);
});
