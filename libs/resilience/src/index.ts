export { backoffDelay, type Backoff } from './retry/backoff';
export { DeadlineExceededError } from './retry/deadline-exceeded.error';
export { retry, type RetryInfo, type RetryOptions, type RetryPolicy } from './retry/retry';
export { withDeadline } from './retry/with-deadline';
export { type CallResult, type CircuitState } from './circuit-breaker/circuit-breaker-metrics';
export { type CircuitBreakerOptions } from './circuit-breaker/circuit-breaker-options';
export { CircuitBreakers } from './circuit-breaker/circuit-breakers';
export { CircuitOpenError } from './circuit-breaker/circuit-open.error';
