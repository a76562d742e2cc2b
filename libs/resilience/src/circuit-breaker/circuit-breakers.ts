import CircuitBreaker from 'opossum';
import { type Registry } from 'prom-client';
import { DeadlineExceededError } from '../retry/deadline-exceeded.error';
import { withDeadline } from '../retry/with-deadline';
import { CircuitBreakerMetrics, type CallResult, type CircuitState } from './circuit-breaker-metrics';
import { resolveCircuitBreakerOptions, type CircuitBreakerOptions } from './circuit-breaker-options';
import { CircuitOpenError } from './circuit-open.error';

type Operation = (signal: AbortSignal) => Promise<unknown>;

interface Entry {
  breaker: CircuitBreaker<[Operation], unknown>;
  openedAt: number;
}

/**
 * One opossum circuit breaker per key (e.g. per storage element id), created on first use, with state,
 * call results and transitions exported as `circuit_breaker_*` metrics labelled `{breaker, target}`.
 */
export class CircuitBreakers {
  private readonly entries = new Map<string, Entry>();
  private readonly metrics: CircuitBreakerMetrics;
  private readonly options: Required<CircuitBreakerOptions>;
  private closed = false;

  /** @param name the `breaker` label, naming what the keys are (e.g. `storage-element`). */
  constructor(
    readonly name: string,
    registry: Registry,
    options: CircuitBreakerOptions = {},
  ) {
    this.metrics = new CircuitBreakerMetrics(registry, name);
    this.options = resolveCircuitBreakerOptions(options);
  }

  /**
   * Runs `operation` through the breaker of `key`. Rejects with {@link CircuitOpenError} without running
   * it while the circuit is open, with {@link DeadlineExceededError} when it overruns `timeoutMs`, and
   * otherwise with the operation's own error.
   */
  async call<T>(key: string, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const entry = this.entryFor(key);
    try {
      // The action returns exactly what `operation` resolves to, so the cast is sound.
      const result = (await entry.breaker.fire(operation)) as T;
      this.metrics.recordCall(key, 'success');
      return result;
    } catch (error) {
      const result = this.classify(error);
      this.metrics.recordCall(key, result);
      if (result === 'rejected') {
        throw new CircuitOpenError(key, this.retryAfterSeconds(entry));
      }
      throw error;
    }
  }

  /** True while calls to `key` are refused; false when closed, half-open or never used. */
  isOpen(key: string): boolean {
    return this.state(key) === 'open';
  }

  /** Current state of the circuit for `key`; `closed` for a key never called. */
  state(key: string): CircuitState {
    const breaker = this.entries.get(key)?.breaker;
    if (breaker?.opened) {
      return 'open';
    }
    return breaker?.halfOpen ? 'half_open' : 'closed';
  }

  /** Shuts every breaker down (timers included); later calls are refused. */
  close(): void {
    this.closed = true;
    for (const { breaker } of this.entries.values()) {
      breaker.shutdown();
    }
    this.entries.clear();
  }

  private entryFor(key: string): Entry {
    if (this.closed) {
      throw new Error(`circuit breakers "${this.name}" are closed`);
    }
    const existing = this.entries.get(key);
    if (existing) {
      return existing;
    }
    const entry = this.createEntry(key);
    this.entries.set(key, entry);
    return entry;
  }

  private createEntry(key: string): Entry {
    const { timeoutMs, errorThresholdPercentage, resetTimeoutMs, volumeThreshold, rollingCountTimeoutMs } =
      this.options;
    // Our own deadline instead of opossum's timeout: it aborts this call's signal, not a shared one.
    const breaker = new CircuitBreaker((operation: Operation) => withDeadline(operation, timeoutMs), {
      name: `${this.name}:${key}`,
      timeout: false,
      errorThresholdPercentage,
      resetTimeout: resetTimeoutMs,
      volumeThreshold,
      rollingCountTimeout: rollingCountTimeoutMs,
      enableSnapshots: false,
      // opossum's errorFilter returns true for errors that must NOT count as failures.
      errorFilter: (error: unknown) =>
        !(error instanceof DeadlineExceededError) && !this.options.isFailure(error),
    });
    const entry: Entry = { breaker, openedAt: 0 };
    breaker.on('open', () => {
      entry.openedAt = Date.now();
      this.metrics.recordTransition(key, 'open');
    });
    breaker.on('halfOpen', () => this.metrics.recordTransition(key, 'half_open'));
    breaker.on('close', () => this.metrics.recordTransition(key, 'closed'));
    this.metrics.recordState(key, 'closed');
    return entry;
  }

  private classify(error: unknown): CallResult {
    if (isOpenCircuitRejection(error)) {
      return 'rejected';
    }
    if (error instanceof DeadlineExceededError) {
      return 'timeout';
    }
    // A filtered error (e.g. 404) proves the target answered: a success for the circuit's rates.
    return this.options.isFailure(error) ? 'failure' : 'success';
  }

  private retryAfterSeconds(entry: Entry): number {
    const reopensAt = entry.openedAt + this.options.resetTimeoutMs;
    // While a half-open probe is in flight the wait is unknown but short.
    return Math.max(1, Math.ceil((reopensAt - Date.now()) / 1000));
  }
}

function isOpenCircuitRejection(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EOPENBREAKER';
}
