import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMetadata } from '@artstore/contracts';
import { waitFor } from '@artstore/testing';
import { postUpload } from './multipart-form';
import {
  attributesOn,
  registerDirectly,
  registryRecord,
  startUploadStack,
  type UploadStack,
} from './upload-stack';

// The TTL expiry as a BullMQ job in the ingester: files whose ttl has passed (in the registry of
// record) leave the element and the registry through the delete saga; the others stay.
describe('TTL expiry of temporary files', () => {
  let stack: UploadStack;

  beforeAll(async () => {
    stack = await startUploadStack({
      elements: [{ id: 'se-ttl-edit', mode: 'edit' }],
      ingesterEnv: { TTL_EXPIRY_INTERVAL_MS: '300' },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function uploadTemporary(): Promise<FileMetadata> {
    const response = await postUpload(stack.ingester.url, stack.token, [
      { name: 'ttl_days', value: '1' },
      { name: 'file', filename: 'short-lived.bin', content: randomBytes(4096) },
    ]);
    expect(response.status).toBe(201);
    const { file_id: fileId } = (await response.json()) as { file_id: string };
    const registered = await registryRecord(stack, fileId);
    if (!registered) {
      throw new Error('the upload is not registered');
    }
    return registered;
  }

  it(
    'removes a file past its ttl from element and registry, counts it and audits file.expired',
    { timeout: 60_000 },
    async () => {
      const element = stack.elements[0];
      const expiring = await uploadTemporary();
      const staying = await uploadTemporary();
      // The registry is the expiry's source: its record says the ttl passed a minute ago.
      await registerDirectly(stack, {
        ...expiring,
        ttl_expires_at: new Date(Date.now() - 60_000).toISOString(),
        version: expiring.version + 1,
      });

      await waitFor(async () => (await registryRecord(stack, expiring.file_id)) === undefined, 20_000, 100);
      expect(await attributesOn(element, expiring.file_id, stack.token)).toBeUndefined();
      expect(await registryRecord(stack, staying.file_id)).toEqual(staying);
      expect(await attributesOn(element, staying.file_id, stack.token)).toBeDefined();

      const metrics = await (await fetch(`${stack.ingester.url}/metrics`)).text();
      expect(metrics).toMatch(/^files_expired_total\{result="expired"\} [1-9]/m);
      expect(metrics).toMatch(/^saga_outcomes_total\{[^}]*saga="ingester\.delete"[^}]*\} [1-9]/m);

      const audit = await fetch(`${stack.admin.url}/api/v1/audit-events?action=file.expired`, {
        headers: { authorization: `Bearer ${stack.token}` },
      });
      expect(audit.status).toBe(200);
      const events = (await audit.json()) as {
        items: { resource: string; actor: string; details: object }[];
      };
      expect(events.items).toContainEqual(
        expect.objectContaining({
          resource: `file:${expiring.file_id}`,
          actor: 'system',
          details: expect.objectContaining({ storage_element_id: element.id }) as object,
        }),
      );
    },
  );
});
