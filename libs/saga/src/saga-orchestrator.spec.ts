import { beforeEach, describe, expect, it } from 'vitest';
import { SagaOrchestrator } from './saga-orchestrator';
import { SagaError, SagaErrorCode } from './saga.errors';
import {
  anOrchestrator,
  fastRetry,
  journaledSaga,
  metricValue,
  start,
  StepFault,
  STEP_NAMES,
} from './saga.spec-helpers';
import { InMemorySagaStore } from './testing';

describe(SagaOrchestrator.name, () => {
  let store: InMemorySagaStore;
  let journal: string[];

  beforeEach(() => {
    store = new InMemorySagaStore();
    journal = [];
  });

  describe('start', () => {
    it('runs every step in order and ends completed with the merged state', async () => {
      const { orchestrator, registry } = anOrchestrator(store);

      const result = await start(orchestrator, journaledSaga(journal));

      expect(result).toEqual({
        sagaId: expect.any(String),
        status: 'completed',
        state: { order: 'o-1', done: [...STEP_NAMES] },
      });
      expect(journal).toEqual(STEP_NAMES.map((name) => `run:${name}`));
      const [saga] = store.all();
      expect(saga).toMatchObject({
        status: 'completed',
        stepIndex: 4,
        owner: null,
        leaseUntil: null,
        attempts: 1,
      });
      expect(saga?.finishedAt).toBeInstanceOf(Date);
      expect(saga?.log.map((entry) => entry.event)).toEqual([
        'started',
        ...STEP_NAMES.map(() => 'step_completed'),
        'completed',
      ]);
      expect(saga?.log[0]).toMatchObject({ event: 'started', input: { order: 'o-1' }, owner: 'instance-a' });
      expect(await metricValue(registry, 'saga_outcomes_total{saga="test-order",outcome="completed"}')).toBe(
        1,
      );
      expect(
        await metricValue(
          registry,
          'saga_step_duration_seconds_count{saga="test-order",step="store",result="completed"}',
        ),
      ).toBe(1);
    });

    it('tells the afterStep observer about each step once its result is stored', async () => {
      const seen: string[] = [];
      const { orchestrator } = anOrchestrator(store, {
        afterStep: (sagaType, step) => {
          const [saga] = store.all();
          seen.push(`${sagaType}:${step}:${saga?.stepIndex ?? -1}`);
          return Promise.resolve();
        },
      });

      await start(orchestrator, journaledSaga(journal));

      expect(seen).toEqual(STEP_NAMES.map((name, index) => `test-order:${name}:${index + 1}`));
    });

    it('stores the saga before the first step and the state before every later step', async () => {
      const seen: { step: string; stepIndex?: number; done?: unknown; status?: string }[] = [];
      const { orchestrator } = anOrchestrator(store);
      const definition = journaledSaga(journal, {
        beforeRun: async (step, _state, context) => {
          const stored = await store.get(context.sagaId);
          seen.push({
            step,
            stepIndex: stored?.stepIndex,
            done: stored?.state['done'],
            status: stored?.status,
          });
        },
      });

      const result = await start(orchestrator, definition);

      expect(seen).toEqual(
        STEP_NAMES.map((step, index) => ({
          step,
          stepIndex: index,
          done: STEP_NAMES.slice(0, index),
          status: 'running',
        })),
      );
      expect(
        store.writesOf(result.sagaId).map((write) => [write.status, write.stepIndex, write.state['done']]),
      ).toEqual([
        ['running', 0, []],
        ['running', 1, ['reserve']],
        ['running', 2, ['reserve', 'store']],
        ['running', 3, ['reserve', 'store', 'register']],
        ['completed', 4, [...STEP_NAMES]],
      ]);
    });

    it.each([
      { failing: 'store', undone: ['undo:reserve'] },
      { failing: 'register', undone: ['undo:store', 'undo:reserve'] },
      { failing: 'publish', undone: ['undo:register', 'undo:store', 'undo:reserve'] },
    ] as const)(
      'compensates the steps before a failing $failing in reverse order',
      async ({ failing, undone }) => {
        const { orchestrator, registry } = anOrchestrator(store);

        const result = await start(
          orchestrator,
          journaledSaga(journal, { runFailures: { [failing]: Infinity } }),
        );

        expect(result.status).toBe('compensated');
        expect(result.error).toMatchObject({ step: failing, code: `${failing.toUpperCase()}_FAILED` });
        expect(result.error?.cause).toBeInstanceOf(StepFault);
        expect(journal.filter((entry) => entry.startsWith('undo:'))).toEqual(undone);
        const [saga] = store.all();
        expect(saga).toMatchObject({ status: 'compensated', stepIndex: 0, owner: null });
        expect(saga?.log.find((entry) => entry.event === 'step_failed')).toMatchObject({
          step: failing,
          error: {
            code: `${failing.toUpperCase()}_FAILED`,
            message: `injected ${failing.toUpperCase()}_FAILED`,
          },
        });
        expect(
          await metricValue(registry, 'saga_outcomes_total{saga="test-order",outcome="compensated"}'),
        ).toBe(1);
      },
    );

    it('compensates nothing when the first step fails', async () => {
      const { orchestrator } = anOrchestrator(store);

      const result = await start(
        orchestrator,
        journaledSaga(journal, { runFailures: { reserve: Infinity } }),
      );

      expect(result.status).toBe('compensated');
      expect(journal).toEqual(['run:reserve', 'run:reserve', 'run:reserve']);
    });

    it('also compensates the failing step itself when it may have taken effect', async () => {
      const { orchestrator } = anOrchestrator(store);
      const definition = journaledSaga(journal, {
        runFailures: { register: Infinity },
        overrides: { register: { compensateOwnFailure: true } },
      });

      await start(orchestrator, definition);

      expect(journal.filter((entry) => entry.startsWith('undo:'))).toEqual([
        'undo:register',
        'undo:store',
        'undo:reserve',
      ]);
    });

    it('retries a transient failure with the step policy and continues', async () => {
      const { orchestrator, registry } = anOrchestrator(store);

      const result = await start(orchestrator, journaledSaga(journal, { runFailures: { store: 2 } }));

      expect(result.status).toBe('completed');
      expect(journal.filter((entry) => entry === 'run:store')).toHaveLength(3);
      const retries = store.all()[0]?.log.filter((entry) => entry.event === 'step_retry');
      expect(retries?.map((entry) => [entry.step, entry.attempt, entry.error?.code])).toEqual([
        ['store', 1, 'STORE_FAILED'],
        ['store', 2, 'STORE_FAILED'],
      ]);
      expect(await metricValue(registry, 'saga_step_retries_total{saga="test-order",step="store"}')).toBe(2);
    });

    it('does not retry an error the policy calls permanent', async () => {
      const { orchestrator } = anOrchestrator(store);
      const definition = journaledSaga(journal, {
        overrides: {
          store: {
            async run() {
              journal.push('run:store');
              return Promise.reject(new StepFault('QUOTA', false));
            },
          },
        },
      });

      const result = await start(orchestrator, definition);

      expect(result).toMatchObject({ status: 'compensated', error: { step: 'store', code: 'QUOTA' } });
      expect(journal.filter((entry) => entry === 'run:store')).toHaveLength(1);
    });

    it('keeps retrying a retry_forward step past its policy until it succeeds, and records each round', async () => {
      const { orchestrator, registry } = anOrchestrator(store);
      const definition = journaledSaga(journal, {
        runFailures: { publish: 5 },
        overrides: { publish: { onFailure: 'retry_forward', retry: fastRetry(2) } },
      });

      const result = await start(orchestrator, definition);

      expect(result.status).toBe('completed');
      expect(journal.filter((entry) => entry === 'run:publish')).toHaveLength(6);
      expect(journal.some((entry) => entry.startsWith('undo:'))).toBe(false);
      const rounds = store.all()[0]?.log.filter((entry) => entry.event === 'retry_forward');
      expect(rounds?.map((entry) => [entry.step, entry.attempt, entry.error?.code])).toEqual([
        ['publish', 1, 'PUBLISH_FAILED'],
        ['publish', 2, 'PUBLISH_FAILED'],
      ]);
      expect(await metricValue(registry, 'saga_step_retries_total{saga="test-order",step="publish"}')).toBe(
        5,
      );
    });

    it('ends failed, with the error in the log, when a compensation keeps failing, and still undoes the rest', async () => {
      const { orchestrator, registry, logger } = anOrchestrator(store);
      const definition = journaledSaga(journal, {
        runFailures: { register: Infinity },
        compensateFailures: { store: Infinity },
      });

      const result = await start(orchestrator, definition);

      expect(result).toMatchObject({
        status: 'failed',
        error: { step: 'register', code: 'REGISTER_FAILED' },
      });
      expect(journal.filter((entry) => entry.startsWith('undo:'))).toEqual([
        'undo:store',
        'undo:store',
        'undo:store',
        'undo:reserve',
      ]);
      const [saga] = store.all();
      expect(saga).toMatchObject({ status: 'failed', owner: null });
      expect(saga?.log.find((entry) => entry.event === 'compensation_failed')).toMatchObject({
        step: 'store',
        error: { code: 'STORE_FAILED', message: 'injected STORE_FAILED' },
      });
      expect(saga?.log.at(-1)?.event).toBe('failed');
      expect(
        logger.lines.some((line) => line.level === 'error' && line.message === 'saga compensation failed'),
      ).toBe(true);
      expect(await metricValue(registry, 'saga_outcomes_total{saga="test-order",outcome="failed"}')).toBe(1);
    });

    it('refuses a saga id that is already stored', async () => {
      const { orchestrator } = anOrchestrator(store);
      const definition = journaledSaga(journal);
      const first = await start(orchestrator, definition);

      const again = orchestrator.start(
        definition,
        { order: 'o-1' },
        { sagaId: first.sagaId, initialState: { order: 'o-1', done: [] } },
      );

      await expect(again).rejects.toMatchObject({ code: SagaErrorCode.AlreadyExists });
    });

    it('stops, without compensating, when another instance took the saga over', async () => {
      const { orchestrator } = anOrchestrator(store);
      const definition = journaledSaga(journal, {
        beforeRun: async (step) => {
          if (step === 'store') {
            store.advanceClock(60_000);
            await store.claimExpired('instance-b', 10_000);
          }
        },
      });

      const outcome = start(orchestrator, definition);

      await expect(outcome).rejects.toMatchObject({ code: SagaErrorCode.Interrupted });
      expect(journal).toEqual(['run:reserve', 'run:store']);
      expect(store.all()[0]).toMatchObject({ status: 'running', stepIndex: 1, owner: 'instance-b' });
    });

    it('renews its lease while a slow step works, so no other instance takes the saga', async () => {
      const { orchestrator } = anOrchestrator(store, { leaseMs: 60 });
      let claimedMeanwhile: unknown = 'not tried';
      const definition = journaledSaga(journal, {
        beforeRun: async (step) => {
          if (step === 'store') {
            await new Promise((resolve) => setTimeout(resolve, 200));
            claimedMeanwhile = await store.claimExpired('instance-b', 60);
          }
        },
      });

      const result = await start(orchestrator, definition);

      expect(claimedMeanwhile).toBeUndefined();
      expect(result.status).toBe('completed');
    });

    it('hands a saga back for recovery when the orchestrator closes during a retry_forward step', async () => {
      const { orchestrator } = anOrchestrator(store, { retryForwardDelayMs: 5 });
      const definition = journaledSaga(journal, {
        runFailures: { publish: Infinity },
        overrides: { publish: { onFailure: 'retry_forward', retry: fastRetry(1) } },
      });

      const outcome = start(orchestrator, definition);
      await expect.poll(() => journal.filter((entry) => entry === 'run:publish').length).toBeGreaterThan(2);
      await orchestrator.close();

      await expect(outcome).rejects.toBeInstanceOf(SagaError);
      expect(store.all()[0]).toMatchObject({ status: 'running', stepIndex: 3, owner: null });
      expect(store.all()[0]?.log.at(-1)?.event).toBe('released');
      await expect(start(orchestrator, definition)).rejects.toMatchObject({
        code: SagaErrorCode.Interrupted,
      });
    });
  });

  describe('resume', () => {
    it('returns the stored result of a finished saga without running anything', async () => {
      const { orchestrator } = anOrchestrator(store);
      const definition = journaledSaga(journal, { runFailures: { register: Infinity } });
      const first = await start(orchestrator, definition);
      journal.length = 0;

      const again = await orchestrator.resume(first.sagaId, definition);

      expect(again).toEqual({
        sagaId: first.sagaId,
        status: 'compensated',
        state: first.state,
        error: { step: 'register', code: 'REGISTER_FAILED', message: 'injected REGISTER_FAILED' },
      });
      expect(journal).toEqual([]);
    });

    it('refuses a saga another instance holds a live lease on, an unknown id and another type', async () => {
      const { orchestrator } = anOrchestrator(store);
      const definition = journaledSaga(journal);
      store.crashAfterWrites(2);
      const crashed = await start(orchestrator, definition).catch((error: unknown) => error);
      store.restart();
      const [saga] = store.all();
      const other = anOrchestrator(store, { ownerId: 'instance-b' }).orchestrator;

      expect(crashed).toMatchObject({ code: SagaErrorCode.Interrupted });
      await expect(other.resume(saga.id, definition)).rejects.toMatchObject({ code: SagaErrorCode.Leased });
      await expect(other.resume('00000000-0000-4000-8000-000000000000', definition)).rejects.toMatchObject({
        code: SagaErrorCode.NotFound,
      });
      const renamed = { ...definition, type: 'other-type' };
      await expect(other.resume(saga.id, renamed)).rejects.toMatchObject({
        code: SagaErrorCode.TypeMismatch,
      });
    });
  });
});
