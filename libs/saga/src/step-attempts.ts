import { SpanStatusCode, trace } from '@opentelemetry/api';
import { retry, type RetryPolicy } from '@artstore/resilience';
import type { SagaLogger, SagaStep, SagaStepContext } from './saga-definition';
import type { SagaMetrics } from './saga-metrics';
import type { SagaLogEntry } from './saga-record';
import { describeError } from './saga.errors';

// A step without a policy is tried once: retrying must be a decision of whoever wrote the step.
const TRY_ONCE: RetryPolicy = { attempts: 1, backoff: { kind: 'fixed', delayMs: 0 } };

/** What a step's attempts need from the saga execution around them. */
export interface StepAttemptScope {
  sagaType: string;
  sagaId: string;
  owner: string;
  logger: SagaLogger;
  metrics: SagaMetrics;
  signal: AbortSignal;
  note(entry: Omit<SagaLogEntry, 'at' | 'owner'>): void;
}

// A no-op until the service starts OpenTelemetry (libs/telemetry); then each step is a span.
const tracer = trace.getTracer('artstore-saga');

/**
 * Runs a step's `run` or `compensate` under the step's retry policy, recording every retry, inside one
 * span (`saga <type> <step>`) whose calls to other services carry its trace context.
 */
export async function attemptStep<State, T>(
  scope: StepAttemptScope,
  step: SagaStep<State>,
  phase: 'run' | 'compensate',
  action: (context: SagaStepContext) => Promise<T>,
): Promise<T> {
  const name = `saga ${scope.sagaType} ${phase === 'run' ? step.name : `compensate ${step.name}`}`;
  return tracer.startActiveSpan(
    name,
    {
      attributes: {
        'artstore.saga.type': scope.sagaType,
        'artstore.saga.id': scope.sagaId,
        'artstore.saga.step': step.name,
      },
    },
    async (span) => {
      try {
        return await attemptWithRetries(scope, step, phase, action);
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

function attemptWithRetries<State, T>(
  scope: StepAttemptScope,
  step: SagaStep<State>,
  phase: 'run' | 'compensate',
  action: (context: SagaStepContext) => Promise<T>,
): Promise<T> {
  return retry(
    (attempt, signal) => action({ sagaId: scope.sagaId, attempt, signal, logger: scope.logger }),
    step.retry ?? TRY_ONCE,
    {
      signal: scope.signal,
      onRetry: ({ attempt, delayMs, error }) => {
        scope.metrics.recordRetry(scope.sagaType, step.name);
        const event = phase === 'run' ? 'step_retry' : 'compensation_retry';
        scope.note({ event, step: step.name, attempt, delayMs, error: describeError(error) });
        scope.logger.warn(
          {
            saga: scope.sagaType,
            saga_id: scope.sagaId,
            step: step.name,
            attempt,
            delay_ms: delayMs,
            err: error,
          },
          `saga ${phase === 'run' ? 'step' : 'compensation'} failed, retrying`,
        );
      },
    },
  );
}
