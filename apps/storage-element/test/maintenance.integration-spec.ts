import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFileId, pathsFor } from '@artstore/attr-wal';
import type { AttrJson, Page, StorageElementInfo } from '@artstore/contracts';
import { startServiceUnderTest, waitFor, type RunningTestService } from '@artstore/testing';
import { anElement } from './file-api-client';

function aMaintainedElement(dataDir: string, extra: Record<string, string> = {}) {
  return anElement({ SE_ID: 'se-maint', SE_DATA_DIR: dataDir, SE_SCRUB_INTERVAL_MS: '0', ...extra });
}

function authorization(service: RunningTestService, role: 'admin' | 'readonly' = 'admin') {
  return { authorization: `Bearer ${service.issuer.mint({ role })}` };
}

async function put(service: RunningTestService, body: string): Promise<AttrJson> {
  const attributes = { original_filename: 'report.txt', retention_policy: 'permanent' };
  const response = await fetch(`${service.url}/api/v1/files/${newFileId()}`, {
    method: 'PUT',
    headers: {
      ...authorization(service),
      'artstore-attributes': Buffer.from(JSON.stringify(attributes)).toString('base64url'),
    },
    body,
  });
  expect(response.status).toBe(201);
  return (await response.json()) as AttrJson;
}

async function listAll(service: RunningTestService): Promise<AttrJson[]> {
  const response = await fetch(`${service.url}/api/v1/files?limit=1000`, { headers: authorization(service) });
  expect(response.status).toBe(200);
  return ((await response.json()) as Page<AttrJson>).items;
}

async function call(service: RunningTestService, method: string, route: string, role?: 'admin' | 'readonly') {
  const response = await fetch(`${service.url}/api/v1/maintenance/${route}`, {
    method,
    headers: authorization(service, role),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function sql(service: RunningTestService, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: service.database.url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function info(service: RunningTestService): Promise<StorageElementInfo> {
  return (await (await fetch(`${service.url}/api/v1/info`)).json()) as StorageElementInfo;
}

describe('storage element maintenance', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'artstore-se-maint-'));
  let service: RunningTestService;
  let files: AttrJson[];

  beforeAll(async () => {
    service = await startServiceUnderTest(aMaintainedElement(dataDir));
    files = [];
    for (let index = 0; index < 5; index += 1) {
      files.push(await put(service, `content of file ${index}`));
    }
  });

  afterAll(async () => {
    await service?.close();
  });

  it('rebuilds a deleted cache to exactly the rows it had', async () => {
    const before = await listAll(service);
    expect(before.map((file) => file.file_id)).toEqual(files.map((file) => file.file_id));
    await sql(service, 'DELETE FROM files');
    expect(await listAll(service)).toEqual([]);
    const rebuilt = await call(service, 'POST', 'rebuild-cache');
    expect(rebuilt).toMatchObject({ status: 200, body: { files: 5, skipped: { count: 0 } } });
    expect(await listAll(service)).toEqual(before);
  });

  it('reports drift without changing anything', async () => {
    await sql(service, `DELETE FROM files WHERE file_id = '${files[0]?.file_id ?? ''}'`);
    const report = await call(service, 'GET', 'consistency');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      consistent: false,
      files_checked: 5,
      rows_checked: 4,
      missing_from_cache: { count: 1, file_ids: [files[0]?.file_id] },
    });
    await call(service, 'POST', 'rebuild-cache');
    expect((await call(service, 'GET', 'consistency')).body).toMatchObject({ consistent: true });
  });

  it('refuses maintenance to roles without storage permissions', async () => {
    expect((await call(service, 'POST', 'scrub', 'readonly')).status).toBe(403);
    expect((await call(service, 'POST', 'rebuild-cache', 'readonly')).status).toBe(403);
    expect((await call(service, 'GET', 'consistency', 'readonly')).status).toBe(200);
  });

  it('finds a corrupted file, stops serving it, and clears it once the bytes are restored', async () => {
    const victim = files[2];
    const dataPath = pathsFor(dataDir, victim.file_id).data;
    const original = readFileSync(dataPath);
    writeFileSync(dataPath, Buffer.from(original.toString('utf8').replace('content', 'CONTENT')));

    const scrub = await call(service, 'POST', 'scrub');
    expect(scrub.status).toBe(200);
    expect(scrub.body).toMatchObject({
      files_checked: 5,
      corrupted: [{ file_id: victim.file_id, reason: 'digest_mismatch' }],
    });
    expect((await info(service)).corrupted_file_count).toBe(1);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toContain('storage_element_corrupted_files{element_id="se-maint"} 1');
    expect(metrics).toContain('storage_element_scrub_runs_total{element_id="se-maint",trigger="api"} 1');

    for (const headers of [{}, { range: 'bytes=0-3' }] as Record<string, string>[]) {
      const refused = await fetch(`${service.url}/api/v1/files/${victim.file_id}`, {
        headers: { ...authorization(service), ...headers },
      });
      expect(refused.status).toBe(500);
      expect(await refused.json()).toMatchObject({ code: 'file_corrupted' });
    }
    const listed = await call(service, 'GET', 'corrupted-files');
    expect(listed.body).toMatchObject({ items: [{ file_id: victim.file_id, reason: 'digest_mismatch' }] });

    writeFileSync(dataPath, original);
    const again = await call(service, 'POST', 'scrub');
    expect(again.body).toMatchObject({ corrupted: [], recovered: [victim.file_id] });
    expect((await info(service)).corrupted_file_count).toBe(0);
    const served = await fetch(`${service.url}/api/v1/files/${victim.file_id}`, {
      headers: authorization(service),
    });
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('content of file 2');
  });

  it('marks a file whose data vanished as corrupted instead of serving it', async () => {
    const victim = await put(service, 'soon gone');
    const { unlinkSync } = await import('node:fs');
    unlinkSync(pathsFor(dataDir, victim.file_id).data);
    const response = await fetch(`${service.url}/api/v1/files/${victim.file_id}`, {
      headers: authorization(service),
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: 'file_corrupted' });
  });
});

describe('the scheduled scrub', () => {
  it('runs through BullMQ on its interval and reports what it found', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'artstore-se-scrub-'));
    const first = await startServiceUnderTest(aMaintainedElement(dataDir));
    const victim = await put(first, 'bytes that will rot');
    await first.close();
    writeFileSync(pathsFor(dataDir, victim.file_id).data, 'bytes that did rot!');

    const service = await startServiceUnderTest(
      aMaintainedElement(dataDir, { SE_SCRUB_INTERVAL_MS: '1000' }),
    );
    try {
      await waitFor(async () => (await info(service)).corrupted_file_count === 1, 15_000);
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toMatch(
        /storage_element_scrub_runs_total\{element_id="se-maint",trigger="schedule"\} [1-9]/,
      );
    } finally {
      await service.close();
    }
  });
});
