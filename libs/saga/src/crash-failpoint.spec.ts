import { describe, expect, it } from 'vitest';
import { sagaCrashFailpoint } from './crash-failpoint';

describe(sagaCrashFailpoint.name, () => {
  it('is off when the variable is unset', () => {
    expect(sagaCrashFailpoint(undefined, 'X_FAILPOINT')).toBeUndefined();
    expect(sagaCrashFailpoint('', 'X_FAILPOINT')).toBeUndefined();
  });

  it('refuses a value that names no saga step', () => {
    expect(() => sagaCrashFailpoint('store', 'X_FAILPOINT')).toThrow(/X_FAILPOINT must look like/);
    expect(() => sagaCrashFailpoint('ingester.upload:before-store', 'X_FAILPOINT')).toThrow();
  });

  it('lets every other step pass', async () => {
    const observer = sagaCrashFailpoint('ingester.upload:after-store', 'X_FAILPOINT');

    await expect(observer?.('ingester.upload', 'reserve')).resolves.toBeUndefined();
    await expect(observer?.('ingester.delete', 'store')).resolves.toBeUndefined();
  });
});
