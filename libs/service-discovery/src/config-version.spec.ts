import { describe, expect, it } from 'vitest';
import { isNewerConfig, STATIC_CONFIG_VERSION } from './config-version';

describe('isNewerConfig', () => {
  it('takes anything when there is no configuration yet', () => {
    expect(isNewerConfig({ version: 1 }, undefined)).toBe(true);
  });

  it('takes a strictly greater version', () => {
    expect(isNewerConfig({ version: 8 }, { version: 7 })).toBe(true);
  });

  it('refuses the same version (a replay)', () => {
    expect(isNewerConfig({ version: 7 }, { version: 7 })).toBe(false);
  });

  it('refuses an older version (a late message)', () => {
    expect(isNewerConfig({ version: 6 }, { version: 7 })).toBe(false);
  });

  it('compares numerically, not as text', () => {
    expect(isNewerConfig({ version: 10 }, { version: 9 })).toBe(true);
  });

  it('lets any published version replace the static list', () => {
    expect(isNewerConfig({ version: 1 }, { version: STATIC_CONFIG_VERSION })).toBe(true);
  });
});
