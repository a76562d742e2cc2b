import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceededError } from '../retry/deadline-exceeded.error';
import { type CircuitBreakerOptions } from './circuit-breaker-options';
import { CircuitBreakers } from './circuit-breakers';
import { CircuitOpenError } from './circuit-open.error';

const ELEMENT = 'se-1';
const boom = (): Promise<never> => Promise.reject(new Error('502 from element'));
const ok = (): Promise<string> => Promise.resolve('ok');

class NotFound extends Error {}

let registry: Registry;
let breakers: CircuitBreakers;

/** Breakers that open after two calls with more than half failing and probe after 5 s. */
function aBreakers(overrides: CircuitBreakerOptions = {}): CircuitBreakers {
  breakers = new CircuitBreakers('storage-element', registry, {
    timeoutMs: 1_000,
    errorThresholdPercentage: 50,
    resetTimeoutMs: 5_000,
    volumeThreshold: 2,
    rollingCountTimeoutMs: 60_000,
    ...overrides,
  });
  return breakers;
}

async function failTwice(key = ELEMENT): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await expect(breakers.call(key, boom)).rejects.toThrow('502 from element');
  }
}

async function metricValue(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  const { values } = await metric!.get();
  const sample = values.find((value) => Object.entries(labels).every(([k, v]) => value.labels[k] === v));
  return sample?.value;
}

describe(CircuitBreakers.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
    registry = new Registry();
  });
  afterEach(() => {
    breakers.close();
    vi.useRealTimers();
  });

  describe('call', () => {
    it('returns the operation result and hands it a live signal', async () => {
      const operation = vi.fn((signal: AbortSignal) => Promise.resolve(signal.aborted));

      await expect(aBreakers().call(ELEMENT, operation)).resolves.toBe(false);
      expect(operation).toHaveBeenCalledOnce();
    });

    it('opens the circuit once failures pass the threshold', async () => {
      aBreakers();
      await expect(breakers.call(ELEMENT, boom)).rejects.toThrow('502 from element');
      expect(breakers.state(ELEMENT)).toBe('closed');

      await expect(breakers.call(ELEMENT, boom)).rejects.toThrow('502 from element');

      expect(breakers.state(ELEMENT)).toBe('open');
      expect(breakers.isOpen(ELEMENT)).toBe(true);
    });

    it('rejects fast with CircuitOpenError while open, without running the operation', async () => {
      aBreakers();
      await failTwice();
      await vi.advanceTimersByTimeAsync(1_500);
      const operation = vi.fn(ok);

      const error = await breakers.call(ELEMENT, operation).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CircuitOpenError);
      expect(error).toMatchObject({ key: ELEMENT, retryAfterSeconds: 4 });
      expect(operation).not.toHaveBeenCalled();
    });

    it('closes again when the half-open probe succeeds', async () => {
      aBreakers();
      await failTwice();

      await vi.advanceTimersByTimeAsync(5_000);
      expect(breakers.state(ELEMENT)).toBe('half_open');
      await expect(breakers.call(ELEMENT, ok)).resolves.toBe('ok');

      expect(breakers.state(ELEMENT)).toBe('closed');
    });

    it('reopens when the half-open probe fails', async () => {
      aBreakers();
      await failTwice();
      await vi.advanceTimersByTimeAsync(5_000);

      await expect(breakers.call(ELEMENT, boom)).rejects.toThrow('502 from element');

      expect(breakers.state(ELEMENT)).toBe('open');
      await expect(breakers.call(ELEMENT, ok)).rejects.toBeInstanceOf(CircuitOpenError);
    });

    it('passes on errors that isFailure rejects without opening the circuit', async () => {
      aBreakers({ isFailure: (error) => !(error instanceof NotFound) });

      for (let i = 0; i < 4; i++) {
        await expect(breakers.call(ELEMENT, () => Promise.reject(new NotFound()))).rejects.toBeInstanceOf(
          NotFound,
        );
      }

      expect(breakers.state(ELEMENT)).toBe('closed');
    });

    it('aborts an overrunning call and counts the timeout as a failure', async () => {
      aBreakers({ isFailure: () => false });
      const signals: AbortSignal[] = [];
      const hang = (signal: AbortSignal): Promise<never> => {
        signals.push(signal);
        return new Promise<never>(() => undefined);
      };

      for (let i = 0; i < 2; i++) {
        const call = breakers.call(ELEMENT, hang);
        const assertion = expect(call).rejects.toBeInstanceOf(DeadlineExceededError);
        await vi.advanceTimersByTimeAsync(1_000);
        await assertion;
      }

      expect(signals.map((signal) => signal.aborted)).toEqual([true, true]);
      expect(breakers.state(ELEMENT)).toBe('open');
    });

    it('keeps the circuits of different keys independent', async () => {
      aBreakers();
      await failTwice('se-1');

      await expect(breakers.call('se-2', ok)).resolves.toBe('ok');
      expect(breakers.state('se-1')).toBe('open');
      expect(breakers.state('se-2')).toBe('closed');
    });

    it('refuses calls after close', async () => {
      aBreakers().close();

      await expect(breakers.call(ELEMENT, ok)).rejects.toThrow('closed');
    });
  });

  describe('state', () => {
    it('reports closed for a key never called', () => {
      expect(aBreakers().state('unknown')).toBe('closed');
      expect(breakers.isOpen('unknown')).toBe(false);
    });
  });

  describe('metrics', () => {
    const target = { breaker: 'storage-element', target: ELEMENT };

    it('counts calls by result and follows the state through a full cycle', async () => {
      aBreakers();
      await breakers.call(ELEMENT, ok);
      expect(await metricValue('circuit_breaker_state', target)).toBe(0);

      await failTwice();
      await expect(breakers.call(ELEMENT, ok)).rejects.toBeInstanceOf(CircuitOpenError);
      expect(await metricValue('circuit_breaker_state', target)).toBe(2);

      await vi.advanceTimersByTimeAsync(5_000);
      expect(await metricValue('circuit_breaker_state', target)).toBe(1);
      await breakers.call(ELEMENT, ok);

      expect(await metricValue('circuit_breaker_state', target)).toBe(0);
      expect(await metricValue('circuit_breaker_calls_total', { ...target, result: 'success' })).toBe(2);
      expect(await metricValue('circuit_breaker_calls_total', { ...target, result: 'failure' })).toBe(2);
      expect(await metricValue('circuit_breaker_calls_total', { ...target, result: 'rejected' })).toBe(1);
      for (const to of ['open', 'half_open', 'closed']) {
        expect(await metricValue('circuit_breaker_transitions_total', { ...target, to })).toBe(1);
      }
    });

    it('counts a timeout under its own result', async () => {
      aBreakers();
      const call = breakers.call(ELEMENT, () => new Promise<never>(() => undefined));
      const assertion = expect(call).rejects.toBeInstanceOf(DeadlineExceededError);
      await vi.advanceTimersByTimeAsync(1_000);
      await assertion;

      expect(await metricValue('circuit_breaker_calls_total', { ...target, result: 'timeout' })).toBe(1);
    });

    it('shares one set of metrics between registries of breakers', async () => {
      aBreakers();
      const admin = new CircuitBreakers('admin', registry);
      await admin.call('admin-1', ok);
      await breakers.call(ELEMENT, ok);
      admin.close();

      expect(await metricValue('circuit_breaker_calls_total', { breaker: 'admin', result: 'success' })).toBe(
        1,
      );
      expect(await metricValue('circuit_breaker_calls_total', { ...target, result: 'success' })).toBe(1);
    });
  });
});
