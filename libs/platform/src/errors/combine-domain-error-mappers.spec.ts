import { describe, expect, it } from 'vitest';
import { combineDomainErrorMappers } from './combine-domain-error-mappers';
import { DomainError, type DomainErrorMapper } from './domain-error';

class TestError extends DomainError<'a' | 'b' | 'c'> {
  constructor(code: 'a' | 'b' | 'c') {
    super(code, code);
  }
}

const mapsA: DomainErrorMapper = (error) => (error.code === 'a' ? { status: 409 } : undefined);
const mapsAandB: DomainErrorMapper = (error) =>
  error.code === 'a' || error.code === 'b' ? { status: 400 } : undefined;

describe(combineDomainErrorMappers.name, () => {
  const combined = combineDomainErrorMappers(mapsA, mapsAandB);

  it('asks the mappers in order and takes the first answer', () => {
    expect(combined(new TestError('a'))).toEqual({ status: 409 });
    expect(combined(new TestError('b'))).toEqual({ status: 400 });
  });

  it('leaves an error no mapper owns unmapped', () => {
    expect(combined(new TestError('c'))).toBeUndefined();
  });
});
