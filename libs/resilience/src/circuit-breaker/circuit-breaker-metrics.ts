import { Counter, Gauge, type Registry } from 'prom-client';

/** The states a breaker reports, in the order of their gauge values. */
export type CircuitState = 'closed' | 'half_open' | 'open';

/** How a call through a breaker ended. */
export type CallResult = 'success' | 'failure' | 'timeout' | 'rejected';

const STATE_VALUES: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

/** Prometheus view of the breakers of one `CircuitBreakers` registry, labelled per target. */
export class CircuitBreakerMetrics {
  private readonly state: Gauge<'breaker' | 'target'>;
  private readonly calls: Counter<'breaker' | 'target' | 'result'>;
  private readonly transitions: Counter<'breaker' | 'target' | 'to'>;

  constructor(
    registry: Registry,
    private readonly breaker: string,
  ) {
    // Several breaker registries may share one Prometheus registry, so reuse metrics already there.
    this.state =
      existing(registry, 'circuit_breaker_state', Gauge) ??
      new Gauge({
        name: 'circuit_breaker_state',
        help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open.',
        labelNames: ['breaker', 'target'] as const,
        registers: [registry],
      });
    this.calls =
      existing(registry, 'circuit_breaker_calls_total', Counter) ??
      new Counter({
        name: 'circuit_breaker_calls_total',
        help: 'Calls through a circuit breaker, by result (success, failure, timeout, rejected).',
        labelNames: ['breaker', 'target', 'result'] as const,
        registers: [registry],
      });
    this.transitions =
      existing(registry, 'circuit_breaker_transitions_total', Counter) ??
      new Counter({
        name: 'circuit_breaker_transitions_total',
        help: 'Circuit breaker state changes, by the state entered.',
        labelNames: ['breaker', 'target', 'to'] as const,
        registers: [registry],
      });
  }

  /** Publishes a target's current state; called alone for a new breaker, which is no transition. */
  recordState(target: string, state: CircuitState): void {
    this.state.set({ breaker: this.breaker, target }, STATE_VALUES[state]);
  }

  recordTransition(target: string, to: CircuitState): void {
    this.recordState(target, to);
    this.transitions.inc({ breaker: this.breaker, target, to });
  }

  recordCall(target: string, result: CallResult): void {
    this.calls.inc({ breaker: this.breaker, target, result });
  }
}

function existing<M>(
  registry: Registry,
  name: string,
  kind: abstract new (...args: never[]) => M,
): M | undefined {
  const metric = registry.getSingleMetric(name);
  return metric instanceof kind ? metric : undefined;
}
