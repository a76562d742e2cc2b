import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@artstore/testing';
import {
  CreateSagas1764800000000,
  defineSaga,
  PostgresSagaStore,
  SagaErrorCode,
  SagaOrchestrator,
  SagaRecoveryWorker,
  type NewSagaRecord,
} from '../src';
import { recordingSagaLogger } from '../src/testing';

interface CounterState {
  count: number;
  steps: string[];
}

const counterSaga = defineSaga<{ start: number }, CounterState>({
  type: 'counter',
  steps: ['one', 'two', 'three'].map((name) => ({
    name,
    onFailure: 'compensate' as const,
    run: (state: Readonly<CounterState>) =>
      Promise.resolve({ count: state.count + 1, steps: [...state.steps, name] }),
    compensate: () => Promise.resolve(),
  })),
});

const aNewSaga = (overrides: Partial<NewSagaRecord> = {}): NewSagaRecord => ({
  id: randomUUID(),
  type: 'counter',
  state: { count: 0, steps: [] },
  log: [{ at: new Date().toISOString(), event: 'started' }],
  owner: 'instance-a',
  leaseMs: 60_000,
  ...overrides,
});

describe(PostgresSagaStore.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let otherDataSource: DataSource;
  let store: PostgresSagaStore;
  let otherStore: PostgresSagaStore;

  const orchestratorFor = (ownerId: string, leaseMs = 60_000): SagaOrchestrator =>
    new SagaOrchestrator({
      store,
      logger: recordingSagaLogger(),
      registry: new Registry(),
      ownerId,
      leaseMs,
    });

  beforeAll(async () => {
    database = await createTestDatabase('saga_store');
    dataSource = await new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: [CreateSagas1764800000000],
    }).initialize();
    await dataSource.runMigrations();
    // A second pool stands for a second instance: its claims run on other connections.
    otherDataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    store = new PostgresSagaStore(dataSource);
    otherStore = new PostgresSagaStore(otherDataSource);
  });
  afterAll(async () => {
    await otherDataSource?.destroy();
    await dataSource?.destroy();
    await database?.drop();
  });
  beforeEach(async () => {
    await dataSource.query('TRUNCATE sagas');
  });

  it('round-trips a saga through create, progress and finish', async () => {
    const saga = aNewSaga();

    expect(await store.create(saga)).toBe(true);
    expect(await store.create(saga)).toBe(false);
    const progress = { status: 'running' as const, stepIndex: 1, state: { count: 1, steps: ['one'] } };
    const entry = { at: new Date().toISOString(), event: 'step_completed' as const, step: 'one' };
    expect(await store.saveProgress(saga.id, 'intruder', { ...progress, log: [entry] }, 60_000)).toBe(false);
    expect(await store.saveProgress(saga.id, 'instance-a', { ...progress, log: [entry] }, 60_000)).toBe(true);
    const running = await store.get(saga.id);
    const finished = { status: 'completed' as const, stepIndex: 3, state: { count: 3 }, log: [] };
    expect(await store.saveProgress(saga.id, 'instance-a', finished, 60_000)).toBe(true);
    const done = await store.get(saga.id);

    expect(running).toMatchObject({
      ...{ id: saga.id, type: 'counter', status: 'running', stepIndex: 1, state: progress.state },
      ...{ log: [...saga.log, entry], owner: 'instance-a', attempts: 1, finishedAt: null },
    });
    expect(running?.leaseUntil?.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(done).toMatchObject({ status: 'completed', stepIndex: 3, owner: null, leaseUntil: null });
    expect(done?.finishedAt).toBeInstanceOf(Date);
    expect(done?.log).toHaveLength(2);
    expect(await store.saveProgress(saga.id, 'instance-a', finished, 60_000)).toBe(false);
    expect(await store.get(randomUUID())).toBeUndefined();
  });

  it('runs a saga through the orchestrator and keeps its log as JSON', async () => {
    const result = await orchestratorFor('instance-a').start(
      counterSaga,
      { start: 0 },
      { initialState: { count: 0, steps: [] } },
    );

    const [row] = await dataSource.query<{ status: string; state: unknown; events: string[] }[]>(
      `SELECT status, state, jsonb_path_query_array(log, '$[*].event') AS events FROM sagas WHERE id = $1`,
      [result.sagaId],
    );
    expect(row).toEqual({
      status: 'completed',
      state: { count: 3, steps: ['one', 'two', 'three'] },
      events: ['started', 'step_completed', 'step_completed', 'step_completed', 'completed'],
    });
  });

  it('never lets two racing instances claim the same expired saga', async () => {
    const ids = Array.from({ length: 30 }, () => randomUUID());
    for (const id of ids) {
      await store.create(aNewSaga({ id, owner: 'crashed', leaseMs: -1_000 }));
    }

    const claimers = [...Array(20).fill(store), ...Array(20).fill(otherStore)] as PostgresSagaStore[];
    const claims = await Promise.all(
      claimers.map(async (claimer, index) => {
        const claimed: string[] = [];
        for (
          let saga = await claimer.claimExpired(`claimer-${index}`, 60_000);
          saga;
          saga = await claimer.claimExpired(`claimer-${index}`, 60_000)
        ) {
          claimed.push(saga.id);
        }
        return claimed;
      }),
    );

    const all = claims.flat();
    expect(all).toHaveLength(ids.length);
    expect(new Set(all)).toEqual(new Set(ids));
    const rows = await dataSource.query<{ attempts: number; owner: string }[]>(
      'SELECT attempts, owner FROM sagas',
    );
    expect(rows.every((row) => row.attempts === 2 && row.owner.startsWith('claimer-'))).toBe(true);
  });

  it('does not steal a live lease, and hands the saga over once released', async () => {
    const saga = aNewSaga();
    await store.create(saga);

    expect(await otherStore.claimExpired('instance-b', 60_000)).toBeUndefined();
    expect(await otherStore.claim(saga.id, 'instance-b', 60_000)).toBeUndefined();
    await expect(
      new SagaOrchestrator({
        store: otherStore,
        logger: recordingSagaLogger(),
        registry: new Registry(),
        ownerId: 'instance-b',
        leaseMs: 60_000,
      }).resume(saga.id, counterSaga),
    ).rejects.toMatchObject({ code: SagaErrorCode.Leased });
    expect(await store.renewLease(saga.id, 'instance-a', 60_000)).toBe(true);
    expect(await store.renewLease(saga.id, 'instance-b', 60_000)).toBe(false);

    expect(await store.release(saga.id, 'instance-a', [], 0)).toBe(true);
    expect(await otherStore.claim(saga.id, 'instance-b', 60_000)).toMatchObject({
      owner: 'instance-b',
      attempts: 2,
    });
  });

  it('resumes a saga whose lease expired (its instance died) through the recovery worker', async () => {
    const saga = aNewSaga({ owner: 'crashed', leaseMs: 300 });
    await store.create(saga);
    const afterOne = {
      status: 'running' as const,
      stepIndex: 1,
      state: { count: 1, steps: ['one'] },
      log: [],
    };
    await store.saveProgress(saga.id, 'crashed', afterOne, 300);
    const orchestrator = new SagaOrchestrator({
      store: otherStore,
      logger: recordingSagaLogger(),
      registry: new Registry(),
      ownerId: 'instance-b',
      leaseMs: 60_000,
    });
    const worker = new SagaRecoveryWorker({
      orchestrator,
      store: otherStore,
      definitions: [counterSaga],
      logger: recordingSagaLogger(),
      intervalMs: 50,
    });

    expect(await worker.recoverExpiredSagas()).toEqual({ resumed: 0, skippedUnknownType: 0 });
    worker.start();
    await expect.poll(async () => (await store.get(saga.id))?.status, { timeout: 5_000 }).toBe('completed');
    await worker.stop();
    await orchestrator.close();

    const recovered = await store.get(saga.id);
    expect(recovered).toMatchObject({
      state: { count: 3, steps: ['one', 'two', 'three'] },
      attempts: 2,
      owner: null,
    });
    expect(recovered?.log.map((entry) => entry.event)).toEqual([
      'started',
      'resumed',
      'step_completed',
      'step_completed',
      'completed',
    ]);
  });
});
