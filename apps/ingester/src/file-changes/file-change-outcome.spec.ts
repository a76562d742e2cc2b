import { describe, expect, it, vi } from 'vitest';
import { defineSaga, SagaError, SagaErrorCode, type SagaOrchestrator, type SagaResult } from '@artstore/saga';
import { runSagaWithin } from './file-change-outcome';

const definition = defineSaga<{ file_id: string }, { file_id: string }>({
  type: 'test.saga',
  steps: [{ name: 'only', onFailure: 'compensate', run: () => Promise.resolve() }],
});

function anOrchestrator(start: () => Promise<SagaResult<{ file_id: string }>>): SagaOrchestrator {
  return { start } as unknown as SagaOrchestrator;
}

describe(runSagaWithin.name, () => {
  it('returns the result of a saga that ends within the wait', async () => {
    const result: SagaResult<{ file_id: string }> = {
      sagaId: 's',
      status: 'completed',
      state: { file_id: 'f' },
    };
    const run = await runSagaWithin(
      anOrchestrator(() => Promise.resolve(result)),
      definition,
      { file_id: 'f' },
      { file_id: 'f' },
      1_000,
      vi.fn(),
    );
    expect(run).toEqual({ status: 'ended', result });
  });

  it('answers "running" for a saga still retrying forward, and reports its later failure', async () => {
    let fail: (error: Error) => void = () => undefined;
    const onLateFailure = vi.fn();
    const pending = new Promise<SagaResult<{ file_id: string }>>((_resolve, reject) => {
      fail = reject;
    });
    const run = await runSagaWithin(
      anOrchestrator(() => pending),
      definition,
      { file_id: 'f' },
      { file_id: 'f' },
      20,
      onLateFailure,
    );
    expect(run.status).toBe('running');
    fail(new Error('store gone'));
    await vi.waitFor(() => expect(onLateFailure).toHaveBeenCalledOnce());
  });

  it('answers "running" when another instance took the saga over', async () => {
    const interrupted = new SagaError(SagaErrorCode.Interrupted, 'taken over');
    const run = await runSagaWithin(
      anOrchestrator(() => Promise.reject(interrupted)),
      definition,
      { file_id: 'f' },
      { file_id: 'f' },
      1_000,
      vi.fn(),
    );
    expect(run.status).toBe('running');
  });
});
