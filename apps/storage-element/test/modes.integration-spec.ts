import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, StorageElementInfo, StorageElementModeState } from '@artstore/contracts';
import {
  createTestDatabase,
  spawnService,
  startServiceUnderTest,
  startTestIssuer,
  testInfra,
  freePort,
  type RunningTestService,
  type TestDatabase,
  type TestIssuer,
} from '@artstore/testing';
import { storageElementEnvSchema } from '../src/config/storage-element.config';
import { storageElementService } from '../src/storage-element.service';

const PROBLEM = /^application\/problem\+json/;

function anElement(env: Record<string, string>) {
  return {
    app: 'storage-element',
    definition: storageElementService,
    schema: storageElementEnvSchema,
    env: () => ({ SE_CAPACITY_BYTES: '5000000', SE_PRIORITY: '7', ...env }),
    requiredVariables: [],
    usesRemoteJwks: true,
  };
}

function aDataDirectory(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'artstore-se-modes-')), 'data');
}

async function postMode(
  service: RunningTestService,
  issuer: TestIssuer,
  body: unknown,
  role: Role | null = 'admin',
): Promise<Response> {
  return fetch(`${service.url}/api/v1/mode`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(role ? { authorization: `Bearer ${issuer.mint({ role })}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function expectProblem(response: Response, status: number, code: string): Promise<{ detail: string }> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(PROBLEM);
  const problem = JSON.parse(text) as { detail: string };
  expect(problem).toMatchObject({ status, code });
  return problem;
}

async function infoOf(service: RunningTestService): Promise<StorageElementInfo> {
  const response = await fetch(`${service.url}/api/v1/info`);
  expect(response.status).toBe(200);
  return (await response.json()) as StorageElementInfo;
}

describe('storage element modes', () => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await startTestIssuer();
  });

  afterAll(async () => {
    await issuer?.stop();
  });

  describe('an element started in rw', () => {
    const dataDir = aDataDirectory();
    const element = anElement({ SE_ID: 'se-modes', SE_MODE: 'rw', SE_DATA_DIR: dataDir });
    let service: RunningTestService;

    beforeAll(async () => {
      service = await startServiceUnderTest(element, { issuer });
    });

    afterAll(async () => {
      await service?.close();
    });

    it('describes itself on /api/v1/info without a token', async () => {
      expect(await infoOf(service)).toEqual({
        element_id: 'se-modes',
        mode: 'rw',
        priority: 7,
        capacity_bytes: 5_000_000,
        used_bytes: 0,
        free_bytes: 5_000_000,
        file_count: 0,
        corrupted_file_count: 0,
        backend: 'fs',
        status: 'online',
        version: storageElementService.openApi.version,
      });
    });

    it('refuses a mode change without a token (401) and to non-admin roles (403)', async () => {
      await expectProblem(
        await postMode(service, issuer, { mode: 'ro', reason: 'x' }, null),
        401,
        'missing_token',
      );
      for (const role of ['readonly', 'user', 'auditor', 'service:storage'] as const) {
        await expectProblem(
          await postMode(service, issuer, { mode: 'ro', reason: 'x' }, role),
          403,
          'insufficient_scope',
        );
      }
      expect((await infoOf(service)).mode).toBe('rw');
    });

    it.each([
      ['an unknown mode', { mode: 'rx', reason: 'typo' }, 'mode'],
      ['an empty reason', { mode: 'ro', reason: '  ' }, 'reason'],
      ['a reason over 500 characters', { mode: 'ro', reason: 'r'.repeat(501) }, 'reason'],
      ['a missing reason', { mode: 'ro' }, 'reason'],
      ['an unknown field', { mode: 'ro', reason: 'ok', force: true }, 'force'],
      ['an array', [], 'request body'],
    ])('answers 400 to %s, naming the field', async (_name, body, field) => {
      const problem = await expectProblem(await postMode(service, issuer, body), 400, 'invalid_input');
      expect(problem.detail).toContain(field);
      expect((await infoOf(service)).mode).toBe('rw');
    });

    it('refuses rw → ar with 409 listing the allowed transition', async () => {
      const problem = await expectProblem(
        await postMode(service, issuer, { mode: 'ar', reason: 'skip ahead' }),
        409,
        'mode_transition_not_allowed',
      );
      expect(problem.detail).toContain('mode rw');
      expect(problem.detail).toContain('allowed from rw: ro');
    });

    it('lets an admin move rw → ro → ar, answering the new state', async () => {
      const toRo = await postMode(service, issuer, { mode: 'ro', reason: 'volume nearly full' });
      expect(toRo.status).toBe(200);
      const roState = (await toRo.json()) as StorageElementModeState;
      expect(roState).toMatchObject({
        element_id: 'se-modes',
        mode: 'ro',
        configured_mode: 'rw',
        allowed_transitions: ['ar'],
        last_change: {
          from: 'rw',
          to: 'ro',
          source: 'api',
          actor: 'client-admin',
          reason: 'volume nearly full',
        },
      });
      const toAr = await postMode(service, issuer, { mode: 'ar', reason: 'archive' });
      expect(toAr.status).toBe(200);
      expect(await toAr.json()).toMatchObject({ mode: 'ar', allowed_transitions: [] });
      expect((await infoOf(service)).mode).toBe('ar');

      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toContain('storage_element_mode{element_id="se-modes",mode="ar"} 1');
      expect(metrics).toContain('storage_element_mode{element_id="se-modes",mode="rw"} 0');
      expect(metrics).toContain(
        'storage_element_mode_changes_total{element_id="se-modes",from="rw",to="ro",source="api"} 1',
      );
    });

    it('keeps ar after a restart on the same data directory with the same SE_MODE, and refuses leaving it', async () => {
      await service.close();
      service = await startServiceUnderTest(element, { issuer });
      expect((await infoOf(service)).mode).toBe('ar');
      const problem = await expectProblem(
        await postMode(service, issuer, { mode: 'ro', reason: 'undo' }),
        409,
        'mode_transition_not_allowed',
      );
      expect(problem.detail).toContain('mode ar never changes through the API');
    });

    it('applies a changed SE_MODE at the next start', async () => {
      await service.close();
      service = await startServiceUnderTest(
        anElement({ SE_ID: 'se-modes', SE_MODE: 'edit', SE_DATA_DIR: dataDir }),
        {
          issuer,
        },
      );
      expect((await infoOf(service)).mode).toBe('edit');
      expect(service.logLines.some((line) => line.includes('SE_MODE changed since the last start'))).toBe(
        true,
      );
    });
  });

  describe('an element started in edit', () => {
    const dataDir = aDataDirectory();
    let service: RunningTestService;

    beforeAll(async () => {
      service = await startServiceUnderTest(
        anElement({ SE_ID: 'se-edit', SE_MODE: 'edit', SE_DATA_DIR: dataDir }),
        { issuer },
      );
    });

    afterAll(async () => {
      await service?.close();
    });

    it.each(['rw', 'ro', 'ar'])('refuses edit → %s with 409 naming the mode', async (mode) => {
      const problem = await expectProblem(
        await postMode(service, issuer, { mode, reason: 'try' }),
        409,
        'mode_transition_not_allowed',
      );
      expect(problem.detail).toContain('mode edit never changes through the API');
      expect((await infoOf(service)).mode).toBe('edit');
    });

    // Last: it takes the data directory away.
    it('reports itself degraded while its data directory cannot be written', async () => {
      expect((await infoOf(service)).status).toBe('online');
      rmSync(dataDir, { recursive: true, force: true });
      expect(await infoOf(service)).toMatchObject({ status: 'degraded', mode: 'edit' });
    });
  });
});

describe('storage element data directory ownership', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('storage-element_identity');
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function runUntilExit(env: Record<string, string>) {
    const service = spawnService('storage-element', {
      SE_CAPACITY_BYTES: '5000000',
      SE_MODE: 'rw',
      PORT: String(await freePort()),
      DATABASE_URL: database.url,
      REDIS_URL: testInfra.redisUrl,
      ...env,
    });
    const timer = setTimeout(() => void service.stop('SIGKILL'), 20_000);
    const exit = await service.exited;
    clearTimeout(timer);
    return { ...exit, output: service.output() };
  }

  it('refuses to start (exit 1) on a data directory that belongs to another SE_ID', async () => {
    const dataDir = aDataDirectory();
    const owner = await startServiceUnderTest(
      anElement({ SE_ID: 'se-owner', SE_MODE: 'rw', SE_DATA_DIR: dataDir }),
    );
    await owner.close();
    const modeRecord = readFileSync(path.join(dataDir, 'mode.json'), 'utf8');
    const { code, output } = await runUntilExit({ SE_ID: 'se-intruder', SE_DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(output).toContain('service failed to start');
    expect(output).toContain('belongs to storage element se-owner');
    expect(output).toContain('not to SE_ID=se-intruder');
    expect(readFileSync(path.join(dataDir, 'mode.json'), 'utf8')).toBe(modeRecord);
  });
});
