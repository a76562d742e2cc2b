import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminProcess,
  buildTestBundle,
  IngesterProcess,
  StorageElementProcess,
  waitFor,
} from '@artstore/testing';
import { postUpload, type FormPart } from './multipart-form';
import { filesOn, readBack } from './upload-stack';

const STEPS = ['reserve', 'store', 'register', 'commit'] as const;

/** Once the store step's result is saved, the rest needs no body: recovery completes the upload. */
const OUTCOME_AFTER: Record<(typeof STEPS)[number], 'compensated' | 'completed'> = {
  reserve: 'compensated',
  store: 'completed',
  register: 'completed',
  commit: 'completed',
};

// SPEC §6: the ingester is SIGKILLed (test build, INGESTER_FAILPOINT) right after each step of the
// upload saga is stored; after a restart the recovery worker converges: no registered file without
// bytes, no stored file without registration, and an Idempotency-Key retry sees the outcome.
describe('upload saga: the ingester killed after each step', () => {
  let admin: AdminProcess;
  let element: StorageElementProcess;
  let ingester: IngesterProcess;
  let token: string;

  beforeAll(async () => {
    await buildTestBundle('ingester');
    admin = await AdminProcess.start();
    element = await StorageElementProcess.start({ id: 'se-crash-edit', mode: 'edit', adminUrl: admin.url });
    ingester = await IngesterProcess.start({
      adminUrl: admin.url,
      clientSecret: admin.serviceSecrets.ingester,
      discovery: { staticElements: [element.staticEntry] },
      testBundle: true,
    });
    token = await admin.token();
  }, 180_000);

  afterAll(async () => {
    await ingester?.remove();
    await element?.remove();
    await admin?.remove();
  });

  const parts = (step: string): FormPart[] => [
    { name: 'description', value: `killed after ${step}` },
    {
      name: 'file',
      filename: `${step}.bin`,
      content: Buffer.from(`bytes of the upload killed after ${step}`),
    },
  ];

  async function sagaStatus(sagaId: string): Promise<string | undefined> {
    const db = new pg.Client({ connectionString: ingester.database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ status: string }>(`SELECT status FROM sagas WHERE id = $1`, [sagaId]);
      return rows[0]?.status;
    } finally {
      await db.end();
    }
  }

  async function onlySagaSince(known: Set<string>): Promise<string> {
    const db = new pg.Client({ connectionString: ingester.database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string }>(`SELECT id FROM sagas WHERE type = 'ingester.upload'`);
      const fresh = rows.map((row) => row.id).filter((id) => !known.has(id));
      expect(fresh).toHaveLength(1);
      known.add(fresh[0] ?? '');
      return fresh[0] ?? '';
    } finally {
      await db.end();
    }
  }

  async function registeredIds(): Promise<string[]> {
    const response = await fetch(`${admin.url}/api/v1/files?limit=1000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: { file_id: string }[] }).items.map((file) => file.file_id);
  }

  const seen = new Set<string>();

  for (const step of STEPS) {
    it(`after ${step}: recovery ends the saga ${OUTCOME_AFTER[step]} and the system is consistent`, async () => {
      await ingester.stop();
      await ingester.restart({ INGESTER_FAILPOINT: `ingester.upload:after-${step}` });
      const key = `crash-${step}`;

      const killed = await postUpload(ingester.url, token, parts(step), { idempotencyKey: key }).then(
        (response) => `answered ${response.status}`,
        () => 'connection lost',
      );
      expect(killed).toBe('connection lost');
      expect((await ingester.exited()).signal).toBe('SIGKILL');
      const sagaId = await onlySagaSince(seen);

      await ingester.restart({ INGESTER_FAILPOINT: '' });
      await waitFor(async () => (await sagaStatus(sagaId)) === OUTCOME_AFTER[step], 20_000, 100);

      const stored = (await filesOn(element, token)).map((file) => file.file_id).sort();
      expect(stored).toEqual((await registeredIds()).sort());
      expect(stored.includes(sagaId)).toBe(OUTCOME_AFTER[step] === 'completed');

      // The client retries with the same key: the completed upload is answered as stored, the
      // compensated one is stored anew.
      const retried = await postUpload(ingester.url, token, parts(step), { idempotencyKey: key });
      const body = (await retried.json()) as { file_id: string; sha256: string };
      expect(retried.status).toBe(201);
      if (OUTCOME_AFTER[step] === 'completed') {
        expect(retried.headers.get('idempotent-replayed')).toBe('true');
        expect(body.file_id).toBe(sagaId);
      } else {
        expect(retried.headers.get('idempotent-replayed')).toBeNull();
        seen.add(body.file_id);
      }
      expect((await readBack(element, body.file_id, token)).sha256).toBe(body.sha256);
    }, 90_000);
  }

  it('the production bundle ignores INGESTER_FAILPOINT', async () => {
    const production = await IngesterProcess.start({
      adminUrl: admin.url,
      clientSecret: admin.serviceSecrets.ingester,
      discovery: { staticElements: [element.staticEntry] },
      env: { INGESTER_FAILPOINT: 'ingester.upload:after-store' },
    });
    try {
      const response = await postUpload(production.url, token, parts('production'));
      expect(response.status).toBe(201);
    } finally {
      await production.remove();
    }
  }, 60_000);
});
