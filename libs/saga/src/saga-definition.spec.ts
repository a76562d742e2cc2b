import { describe, expect, it } from 'vitest';
import { defineSaga, type SagaStep } from './saga-definition';
import { SagaErrorCode } from './saga.errors';

const aStep = (overrides: Partial<SagaStep<object>> = {}): SagaStep<object> => ({
  name: 'step',
  onFailure: 'compensate',
  run: () => Promise.resolve(),
  compensate: () => Promise.resolve(),
  ...overrides,
});

describe(defineSaga.name, () => {
  it('accepts retry_forward steps after compensating ones', () => {
    const definition = defineSaga({
      type: 'mode-switch',
      steps: [
        aStep({ name: 'a' }),
        aStep({ name: 'b', onFailure: 'retry_forward' }),
        aStep({ name: 'c', onFailure: 'retry_forward' }),
      ],
    });

    expect(definition.steps.map((step) => step.name)).toEqual(['a', 'b', 'c']);
    expect(Object.isFrozen(definition.steps)).toBe(true);
  });

  it.each([
    ['an empty type', { type: ' ', steps: [aStep()] }, /type is empty/],
    ['no steps', { type: 't', steps: [] }, /no steps/],
    ['a duplicate step name', { type: 't', steps: [aStep(), aStep()] }, /"step" appears twice/],
    [
      'compensateOwnFailure without compensate',
      { type: 't', steps: [aStep({ compensate: undefined, compensateOwnFailure: true })] },
      /compensateOwnFailure but no compensate/,
    ],
    [
      'a compensating step after one that cannot be undone',
      { type: 't', steps: [aStep({ name: 'pivot', onFailure: 'retry_forward' }), aStep({ name: 'after' })] },
      /"after" compensates but follows "pivot"/,
    ],
  ])('refuses %s', (_case, definition, message) => {
    expect(() => defineSaga(definition)).toThrow(message);
    expect(() => defineSaga(definition)).toThrow(
      expect.objectContaining({ code: SagaErrorCode.InvalidDefinition }),
    );
  });
});
