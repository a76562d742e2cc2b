import { Registry } from 'prom-client';
import type { RetryPolicy } from '@artstore/resilience';
import { defineSaga, type SagaDefinition, type SagaStep, type SagaStepContext } from './saga-definition';
import { SagaOrchestrator, type SagaOrchestratorOptions } from './saga-orchestrator';
import { type InMemorySagaStore, recordingSagaLogger } from './testing';

export const STEP_NAMES = ['reserve', 'store', 'register', 'publish'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface OrderState {
  order: string;
  done: string[];
}

export const fastRetry = (attempts: number): RetryPolicy => ({
  attempts,
  backoff: { kind: 'fixed', delayMs: 1 },
});

/** An error the step marks as transient or not through its retry policy's `isRetryable`. */
export class StepFault extends Error {
  constructor(
    readonly code: string,
    readonly transient = true,
  ) {
    super(`injected ${code}`);
  }
}

export interface JournaledSagaOptions {
  /** How many times each step's run fails before it succeeds (Infinity = always). */
  runFailures?: Partial<Record<StepName, number>>;
  compensateFailures?: Partial<Record<StepName, number>>;
  /** Replaces parts of a step (onFailure, retry …). */
  overrides?: Partial<Record<StepName, Partial<SagaStep<OrderState>>>>;
  /** Called at the start of every run attempt. */
  beforeRun?: (step: StepName, state: Readonly<OrderState>, context: SagaStepContext) => Promise<void>;
}

/**
 * A four-step saga that writes `run:<step>` and `undo:<step>` to `journal`; each run appends its
 * name to `state.done`, so the state before step k lists the k steps before it.
 */
export function journaledSaga(
  journal: string[],
  options: JournaledSagaOptions = {},
): SagaDefinition<{ order: string }, OrderState> {
  const runFailures: Record<string, number> = { ...options.runFailures };
  const compensateFailures: Record<string, number> = { ...options.compensateFailures };
  const failIfDue = (counts: Record<string, number>, name: string): void => {
    if ((counts[name] ?? 0) > 0) {
      counts[name] = (counts[name] ?? 0) - 1;
      throw new StepFault(`${name.toUpperCase()}_FAILED`);
    }
  };
  const step = (name: StepName): SagaStep<OrderState> => ({
    name,
    onFailure: 'compensate',
    retry: { ...fastRetry(3), isRetryable: (error) => !(error instanceof StepFault) || error.transient },
    async run(state, context) {
      journal.push(`run:${name}`);
      await options.beforeRun?.(name, state, context);
      failIfDue(runFailures, name);
      return { done: [...state.done, name] };
    },
    async compensate() {
      journal.push(`undo:${name}`);
      failIfDue(compensateFailures, name);
      await Promise.resolve();
    },
    ...options.overrides?.[name],
  });
  return defineSaga({ type: 'test-order', steps: STEP_NAMES.map(step) });
}

export function anOrchestrator(
  store: InMemorySagaStore,
  overrides: Partial<SagaOrchestratorOptions> = {},
): { orchestrator: SagaOrchestrator; registry: Registry; logger: ReturnType<typeof recordingSagaLogger> } {
  const registry = new Registry();
  const logger = recordingSagaLogger();
  const orchestrator = new SagaOrchestrator({
    store,
    logger,
    registry,
    ownerId: 'instance-a',
    leaseMs: 10_000,
    retryForwardDelayMs: 1,
    ...overrides,
  });
  return { orchestrator, registry, logger };
}

/** The value of one sample in the registry's text output, 0 when absent. */
export async function metricValue(registry: Registry, sample: string): Promise<number> {
  const line = (await registry.metrics()).split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

export const start = (
  orchestrator: SagaOrchestrator,
  definition: SagaDefinition<{ order: string }, OrderState>,
) => orchestrator.start(definition, { order: 'o-1' }, { initialState: { order: 'o-1', done: [] } });
