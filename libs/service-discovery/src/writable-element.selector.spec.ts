import { describe, expect, it } from 'vitest';
import { aStorageElement, aStorageElementsConfig } from './testing';
import { rankWritableElements, selectWritableElement } from './writable-element.selector';

const noCircuitOpen = (): boolean => false;
const ids = (elements: readonly { id: string }[]): string[] => elements.map((element) => element.id);

describe('rankWritableElements', () => {
  it('sends temporary files to edit elements only', () => {
    const elements = ['edit', 'rw', 'ro', 'ar'].map((mode) =>
      aStorageElement({ id: `se-${mode}`, mode: mode as 'edit' | 'rw' | 'ro' | 'ar' }),
    );
    expect(ids(rankWritableElements(elements, { retentionPolicy: 'temporary' }, noCircuitOpen))).toEqual([
      'se-edit',
    ]);
  });

  it('sends permanent files to rw elements only', () => {
    const elements = ['edit', 'rw', 'ro', 'ar'].map((mode) =>
      aStorageElement({ id: `se-${mode}`, mode: mode as 'edit' | 'rw' | 'ro' | 'ar' }),
    );
    expect(ids(rankWritableElements(elements, { retentionPolicy: 'permanent' }, noCircuitOpen))).toEqual([
      'se-rw',
    ]);
  });

  it('orders by lowest priority number first', () => {
    const elements = [
      aStorageElement({ id: 'se-a', priority: 30 }),
      aStorageElement({ id: 'se-b', priority: 10 }),
      aStorageElement({ id: 'se-c', priority: 20 }),
    ];
    expect(ids(rankWritableElements(elements, { retentionPolicy: 'permanent' }, noCircuitOpen))).toEqual([
      'se-b',
      'se-c',
      'se-a',
    ]);
  });

  it('breaks a priority tie by more free bytes, then by id', () => {
    const elements = [
      aStorageElement({ id: 'se-c', free_bytes: 500 }),
      aStorageElement({ id: 'se-b', free_bytes: 900 }),
      aStorageElement({ id: 'se-a', free_bytes: 500 }),
    ];
    expect(ids(rankWritableElements(elements, { retentionPolicy: 'permanent' }, noCircuitOpen))).toEqual([
      'se-b',
      'se-a',
      'se-c',
    ]);
  });

  it('lets priority win over free bytes', () => {
    const elements = [
      aStorageElement({ id: 'se-roomy', priority: 2, free_bytes: 10_000 }),
      aStorageElement({ id: 'se-preferred', priority: 1, free_bytes: 10 }),
    ];
    expect(ids(rankWritableElements(elements, { retentionPolicy: 'permanent' }, noCircuitOpen))).toEqual([
      'se-preferred',
      'se-roomy',
    ]);
  });

  it('skips offline elements but keeps degraded ones', () => {
    const elements = [
      aStorageElement({ id: 'se-off', status: 'offline', priority: 1 }),
      aStorageElement({ id: 'se-degraded', status: 'degraded', priority: 2 }),
      aStorageElement({ id: 'se-on', status: 'online', priority: 3 }),
    ];
    expect(ids(rankWritableElements(elements, { retentionPolicy: 'permanent' }, noCircuitOpen))).toEqual([
      'se-degraded',
      'se-on',
    ]);
  });

  it('skips elements whose circuit is open', () => {
    const elements = [
      aStorageElement({ id: 'se-a', priority: 1 }),
      aStorageElement({ id: 'se-b', priority: 2 }),
    ];
    const asked: string[] = [];
    const isCircuitOpen = (id: string): boolean => {
      asked.push(id);
      return id === 'se-a';
    };
    expect(ids(rankWritableElements(elements, { retentionPolicy: 'permanent' }, isCircuitOpen))).toEqual([
      'se-b',
    ]);
    expect(asked.sort()).toEqual(['se-a', 'se-b']);
  });

  it('skips elements with less free space than the file, keeping an exact fit', () => {
    const elements = [
      aStorageElement({ id: 'se-small', free_bytes: 99, priority: 1 }),
      aStorageElement({ id: 'se-exact', free_bytes: 100, priority: 2 }),
      aStorageElement({ id: 'se-big', free_bytes: 1_000, priority: 3 }),
    ];
    const ranked = rankWritableElements(
      elements,
      { retentionPolicy: 'permanent', sizeBytes: 100 },
      noCircuitOpen,
    );
    expect(ids(ranked)).toEqual(['se-exact', 'se-big']);
  });

  it('needs some free space when the size is unknown', () => {
    const elements = [
      aStorageElement({ id: 'se-full', free_bytes: 0, priority: 1 }),
      aStorageElement({ id: 'se-room', free_bytes: 1, priority: 2 }),
    ];
    expect(ids(rankWritableElements(elements, { retentionPolicy: 'permanent' }, noCircuitOpen))).toEqual([
      'se-room',
    ]);
  });

  it('accepts a whole, frozen configuration without sorting it in place', () => {
    const elements = [
      aStorageElement({ id: 'se-b', priority: 2 }),
      aStorageElement({ id: 'se-a', priority: 1 }),
    ];
    const config = Object.freeze({ ...aStorageElementsConfig(), elements: Object.freeze(elements) });
    expect(ids(rankWritableElements(config, { retentionPolicy: 'permanent' }, noCircuitOpen))).toEqual([
      'se-a',
      'se-b',
    ]);
    expect(ids(config.elements)).toEqual(['se-b', 'se-a']);
  });

  it('returns an empty list when nothing qualifies', () => {
    expect(rankWritableElements([], { retentionPolicy: 'temporary' }, noCircuitOpen)).toEqual([]);
  });
});

describe('selectWritableElement', () => {
  it('picks the first ranked element', () => {
    const elements = [
      aStorageElement({ id: 'se-2', mode: 'edit', priority: 2 }),
      aStorageElement({ id: 'se-1', mode: 'edit', priority: 1 }),
    ];
    expect(selectWritableElement(elements, { retentionPolicy: 'temporary' }, noCircuitOpen)?.id).toBe('se-1');
  });

  it('returns undefined when every candidate is excluded', () => {
    const elements = [
      aStorageElement({ id: 'se-off', status: 'offline' }),
      aStorageElement({ id: 'se-open' }),
      aStorageElement({ id: 'se-full', free_bytes: 10 }),
      aStorageElement({ id: 'se-edit', mode: 'edit' }),
    ];
    const isCircuitOpen = (id: string): boolean => id === 'se-open';
    expect(
      selectWritableElement(elements, { retentionPolicy: 'permanent', sizeBytes: 11 }, isCircuitOpen),
    ).toBeUndefined();
  });
});
