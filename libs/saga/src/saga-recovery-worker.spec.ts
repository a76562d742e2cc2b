import { beforeEach, describe, expect, it } from 'vitest';
import { SagaRecoveryWorker } from './saga-recovery-worker';
import { SagaErrorCode } from './saga.errors';
import { anOrchestrator, journaledSaga, metricValue, start, STEP_NAMES } from './saga.spec-helpers';
import { InMemorySagaStore, recordingSagaLogger } from './testing';

const LEASE_MS = 10_000;

describe(SagaRecoveryWorker.name, () => {
  let store: InMemorySagaStore;
  let journal: string[];

  beforeEach(() => {
    store = new InMemorySagaStore();
    journal = [];
  });

  // The first instance dies on its (writes + 1)-th store write; a second one recovers after the lease.
  async function crashThenRecover(writes: number, definition = journaledSaga(journal)) {
    store.crashAfterWrites(writes);
    const crashed = await start(anOrchestrator(store).orchestrator, definition).catch(
      (error: unknown) => error,
    );
    expect(crashed).toMatchObject({ code: SagaErrorCode.Interrupted });
    store.restart();
    const beforeRecovery = store.all()[0];
    const survivor = anOrchestrator(store, { ownerId: 'instance-b', leaseMs: LEASE_MS });
    const worker = new SagaRecoveryWorker({
      orchestrator: survivor.orchestrator,
      store,
      definitions: [definition],
      logger: recordingSagaLogger(),
      intervalMs: 1_000,
    });
    expect(await worker.recoverExpiredSagas()).toEqual({ resumed: 0, skippedUnknownType: 0 });
    store.advanceClock(LEASE_MS + 1);
    const report = await worker.recoverExpiredSagas();
    return { beforeRecovery, report, registry: survivor.registry, saga: store.all()[0] };
  }

  describe('recoverExpiredSagas', () => {
    it.each([1, 2, 3, 4])(
      'finishes a running saga whose instance died after %i writes, re-running only the interrupted step',
      async (writes) => {
        const { beforeRecovery, report, registry, saga } = await crashThenRecover(writes);

        const interrupted = STEP_NAMES[writes - 1];
        expect(beforeRecovery).toMatchObject({
          status: 'running',
          stepIndex: writes - 1,
          owner: 'instance-a',
        });
        expect(report).toEqual({ resumed: 1, skippedUnknownType: 0 });
        expect(saga).toMatchObject({ status: 'completed', stepIndex: 4, attempts: 2, owner: null });
        expect(saga.state['done']).toEqual([...STEP_NAMES]);
        for (const step of STEP_NAMES) {
          expect(journal.filter((entry) => entry === `run:${step}`)).toHaveLength(
            step === interrupted ? 2 : 1,
          );
        }
        expect(saga.log.some((entry) => entry.event === 'resumed' && entry.owner === 'instance-b')).toBe(
          true,
        );
        expect(await metricValue(registry, 'saga_recovered_total{saga="test-order"}')).toBe(1);
      },
    );

    it.each([4, 5, 6, 7])(
      'finishes compensating a saga whose instance died after %i writes while compensating',
      async (writes) => {
        const definition = journaledSaga(journal, { runFailures: { publish: Infinity } });

        const { report, saga } = await crashThenRecover(writes, definition);

        expect(report.resumed).toBe(1);
        expect(saga).toMatchObject({ status: 'compensated', stepIndex: 0, owner: null });
        const undone = journal.filter((entry) => entry.startsWith('undo:'));
        // Each compensation ran at least once, in reverse order; only the interrupted one may repeat.
        expect([...new Set(undone)]).toEqual(['undo:register', 'undo:store', 'undo:reserve']);
        expect(undone.length - 3).toBeLessThanOrEqual(1);
      },
    );

    it('keeps a saga failed when a compensation had failed before the crash', async () => {
      const definition = journaledSaga(journal, {
        runFailures: { publish: Infinity },
        compensateFailures: { register: Infinity },
      });

      const { saga } = await crashThenRecover(6, definition);

      expect(saga.status).toBe('failed');
      expect(saga.log.filter((entry) => entry.event === 'compensation_failed')).toHaveLength(1);
    });

    it('records and skips a saga of a type it does not know, leaving it claimable later', async () => {
      store.crashAfterWrites(2);
      await start(anOrchestrator(store).orchestrator, journaledSaga(journal)).catch(() => undefined);
      store.restart();
      store.advanceClock(LEASE_MS + 1);
      const { orchestrator } = anOrchestrator(store, { ownerId: 'instance-b' });
      const worker = new SagaRecoveryWorker({
        orchestrator,
        store,
        definitions: [],
        logger: recordingSagaLogger(),
        intervalMs: 1_000,
        unknownTypeRetryMs: 60_000,
      });

      expect(await worker.recoverExpiredSagas()).toEqual({ resumed: 0, skippedUnknownType: 1 });
      expect(await worker.recoverExpiredSagas()).toEqual({ resumed: 0, skippedUnknownType: 0 });
      const [saga] = store.all();
      expect(saga).toMatchObject({ status: 'running', owner: null });
      expect(saga?.log.at(-1)).toMatchObject({ event: 'unknown_type', error: { code: 'SAGA_UNKNOWN_TYPE' } });
      store.advanceClock(60_001);
      expect(await worker.recoverExpiredSagas()).toEqual({ resumed: 0, skippedUnknownType: 1 });
    });
    it('claims nothing once its orchestrator is closed', async () => {
      store.crashAfterWrites(2);
      await start(anOrchestrator(store).orchestrator, journaledSaga(journal)).catch(() => undefined);
      store.restart();
      store.advanceClock(LEASE_MS + 1);
      const { orchestrator } = anOrchestrator(store, { ownerId: 'instance-b' });
      const worker = new SagaRecoveryWorker({
        orchestrator,
        store,
        definitions: [journaledSaga(journal)],
        logger: recordingSagaLogger(),
        intervalMs: 1_000,
      });
      await orchestrator.close();

      expect(await worker.recoverExpiredSagas()).toEqual({ resumed: 0, skippedUnknownType: 0 });
      expect(store.all()[0]).toMatchObject({ owner: 'instance-a', attempts: 1 });
    });
  });

  describe('start', () => {
    it('recovers on its own timer until stopped', async () => {
      const definition = journaledSaga(journal);
      store.crashAfterWrites(3);
      await start(anOrchestrator(store).orchestrator, definition).catch(() => undefined);
      store.restart();
      store.advanceClock(LEASE_MS + 1);
      const { orchestrator } = anOrchestrator(store, { ownerId: 'instance-b' });
      const worker = new SagaRecoveryWorker({
        orchestrator,
        store,
        definitions: [definition],
        logger: recordingSagaLogger(),
        intervalMs: 5,
      });

      worker.start();
      await expect.poll(() => store.all()[0]?.status).toBe('completed');
      await worker.stop();
      await orchestrator.close();
    });
  });
});
