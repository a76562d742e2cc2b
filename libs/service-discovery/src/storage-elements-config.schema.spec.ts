import { describe, expect, it } from 'vitest';
import { parseStorageElementsConfig, parseStorageElementsConfigJson } from './storage-elements-config.schema';
import { aStorageElement, aStorageElementsConfig } from './testing';

describe('parseStorageElementsConfig', () => {
  it('accepts a published configuration and drops unknown fields', () => {
    const config = aStorageElementsConfig({ version: 3 });
    expect(parseStorageElementsConfig({ ...config, extra: true })).toEqual({ ok: true, config });
  });

  it('accepts an empty element list', () => {
    expect(parseStorageElementsConfig(aStorageElementsConfig({ elements: [] })).ok).toBe(true);
  });

  it.each([
    ['a null', null],
    ['version 0', aStorageElementsConfig({ version: 0 })],
    ['a fractional version', aStorageElementsConfig({ version: 1.5 })],
    ['a text version', { ...aStorageElementsConfig(), version: '2' }],
    ['a bad published_at', aStorageElementsConfig({ published_at: 'yesterday' })],
    ['a missing elements list', { version: 1, published_at: '2026-01-01T00:00:00Z' }],
    [
      'an element with a bad mode',
      aStorageElementsConfig({ elements: [{ ...aStorageElement(), mode: 'x' as 'rw' }] }),
    ],
    [
      'an element with a bad URL',
      aStorageElementsConfig({ elements: [aStorageElement({ url: 'file:///etc' })] }),
    ],
    ['negative free bytes', aStorageElementsConfig({ elements: [aStorageElement({ free_bytes: -1 })] })],
    ['repeated ids', aStorageElementsConfig({ elements: [aStorageElement(), aStorageElement()] })],
  ])('refuses %s', (_case, value) => {
    expect(parseStorageElementsConfig(value).ok).toBe(false);
  });
});

describe('parseStorageElementsConfigJson', () => {
  it('reports malformed JSON instead of throwing', () => {
    expect(parseStorageElementsConfigJson('{"version":')).toEqual({ ok: false, problems: 'not valid JSON' });
  });

  it('says which field is wrong', () => {
    const result = parseStorageElementsConfigJson(
      JSON.stringify({ ...aStorageElementsConfig(), version: -1 }),
    );
    expect(result.ok ? '' : result.problems).toMatch(/^version:/);
  });
});
