import { Counter, Histogram, type Registry } from 'prom-client';
import type { SagaOutcome } from './saga-record';

/** Result label of `saga_step_duration_seconds`. */
export type SagaStepResult = 'completed' | 'failed' | 'compensated' | 'compensation_failed';

/** The saga metrics on a service's registry; several orchestrators on one registry share them. */
export class SagaMetrics {
  private readonly outcomes: Counter<'saga' | 'outcome'>;
  private readonly stepDuration: Histogram<'saga' | 'step' | 'result'>;
  private readonly stepRetries: Counter<'saga' | 'step'>;
  private readonly recovered: Counter<'saga'>;

  constructor(registry: Registry) {
    this.outcomes = counterOn(registry, 'saga_outcomes_total', 'Sagas finished, by type and outcome.', [
      'saga',
      'outcome',
    ]);
    this.stepRetries = counterOn(
      registry,
      'saga_step_retries_total',
      'Retries of saga steps and compensations (including retry-forward rounds), by type and step.',
      ['saga', 'step'],
    );
    this.recovered = counterOn(
      registry,
      'saga_recovered_total',
      'Sagas taken over after their instance stopped working on them, by type.',
      ['saga'],
    );
    const existing = registry.getSingleMetric('saga_step_duration_seconds');
    this.stepDuration =
      existing instanceof Histogram
        ? existing
        : new Histogram({
            name: 'saga_step_duration_seconds',
            help: 'Time of a saga step or compensation including its retries, by type, step and result.',
            labelNames: ['saga', 'step', 'result'] as const,
            buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
            registers: [registry],
          });
  }

  recordOutcome(saga: string, outcome: SagaOutcome): void {
    this.outcomes.inc({ saga, outcome });
  }

  recordStep(saga: string, step: string, result: SagaStepResult, seconds: number): void {
    this.stepDuration.observe({ saga, step, result }, seconds);
  }

  recordRetry(saga: string, step: string): void {
    this.stepRetries.inc({ saga, step });
  }

  recordRecovered(saga: string): void {
    this.recovered.inc({ saga });
  }
}

// prom-client refuses a second metric with the same name on one registry.
function counterOn<Label extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: Label[],
): Counter<Label> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) {
    return existing;
  }
  return new Counter({ name, help, labelNames, registers: [registry] });
}
