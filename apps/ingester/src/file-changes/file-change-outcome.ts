import { randomUUID } from 'node:crypto';
import {
  SagaError,
  SagaErrorCode,
  type SagaDefinition,
  type SagaOrchestrator,
  type SagaResult,
} from '@artstore/saga';

/** A change that completed, or one whose saga still converges (it retries forward): 202. */
export type FileChangeOutcome<T> = { status: 'completed'; value: T } | { status: 'accepted'; sagaId: string };

/**
 * Starts the saga and waits up to `waitMs` for its end. A saga that outlives the wait keeps running
 * here (and in the recovery worker after a crash); only steps that cannot be undone wait that long.
 */
export async function runSagaWithin<Input, State extends object>(
  orchestrator: SagaOrchestrator,
  definition: SagaDefinition<Input, State>,
  input: Input,
  initialState: State,
  waitMs: number,
  onLateFailure: (error: unknown) => void,
): Promise<{ status: 'ended'; result: SagaResult<State> } | { status: 'running'; sagaId: string }> {
  const sagaId = randomUUID();
  const run = orchestrator.start(definition, input, { sagaId, initialState });
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'waited'>((resolve) => {
    timer = setTimeout(() => resolve('waited'), waitMs);
  });
  try {
    const first = await Promise.race([run, waited]);
    if (first === 'waited') {
      run.catch(onLateFailure);
      return { status: 'running', sagaId };
    }
    return { status: 'ended', result: first };
  } catch (error) {
    // Another instance took the saga over: it finishes it.
    if (error instanceof SagaError && error.code === SagaErrorCode.Interrupted) {
      return { status: 'running', sagaId };
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
