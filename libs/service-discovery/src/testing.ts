import type { StorageElementEndpoint, StorageElementsConfig } from '@artstore/contracts';

/** An online rw element with 1 GiB free; override what the test is about. */
export function aStorageElement(overrides: Partial<StorageElementEndpoint> = {}): StorageElementEndpoint {
  const id = overrides.id ?? 'se-01';
  return {
    id,
    url: `http://${id}.test:8010`,
    mode: 'rw',
    priority: 100,
    capacity_bytes: 2 * 1024 ** 3,
    used_bytes: 1024 ** 3,
    free_bytes: 1024 ** 3,
    status: 'online',
    ...overrides,
  };
}

/** A published configuration (version 1, one element) with overrides. */
export function aStorageElementsConfig(
  overrides: Partial<StorageElementsConfig> = {},
): StorageElementsConfig {
  return {
    version: 1,
    published_at: '2026-01-01T00:00:00.000Z',
    elements: [aStorageElement()],
    ...overrides,
  };
}
