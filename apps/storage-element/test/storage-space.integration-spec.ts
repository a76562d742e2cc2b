import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServiceUnderTest, type RunningTestService } from '@artstore/testing';
import { storageElementEnvSchema } from '../src/config/storage-element.config';
import { storageElementService } from '../src/storage-element.service';

describe('storage element data directory', () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'artstore-se-space-')), 'nested', 'data');
  let service: RunningTestService;

  beforeAll(async () => {
    service = await startServiceUnderTest({
      app: 'storage-element',
      definition: storageElementService,
      schema: storageElementEnvSchema,
      env: () => ({ SE_ID: 'se-space', SE_MODE: 'rw', SE_CAPACITY_BYTES: '5000000', SE_DATA_DIR: dataDir }),
      requiredVariables: [],
      usesRemoteJwks: true,
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  it('creates a missing data directory at start and reports its space', async () => {
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toContain('storage_capacity_bytes{element_id="se-space"} 5000000');
    expect(metrics).toMatch(/storage_volume_available_bytes\{element_id="se-space"\} [1-9]\d*/);
  });

  it('is not ready while its data directory is gone', async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const response = await fetch(`${service.url}/health/ready`);
    const body = (await response.json()) as { error: Record<string, { status: string }> };
    expect(response.status).toBe(503);
    expect(body.error['data_directory']?.status).toBe('down');
    const metrics = await fetch(`${service.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).not.toContain('storage_volume_available_bytes{');
  });
});
