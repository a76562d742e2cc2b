import { describe, expect, it } from 'vitest';
import type { FileMetadata } from '@artstore/contracts';
import { finalizedRecord, holdsUpdate, isFinalizedOn, updatedRecord } from './registry-records';

function aFile(overrides: Partial<FileMetadata> = {}): FileMetadata {
  return {
    file_id: '0193a5c0-0000-7000-8000-000000000001',
    original_filename: 'a.bin',
    content_type: 'application/octet-stream',
    size_bytes: 3,
    sha256: 'a'.repeat(64),
    storage_element_id: 'se-01',
    created_at: '2026-12-01T00:00:00.000Z',
    updated_at: '2026-12-01T00:00:00.000Z',
    uploaded_by: 'client',
    retention_policy: 'temporary',
    ttl_expires_at: '2026-12-31T00:00:00.000Z',
    description: '',
    tags: [],
    metadata: {},
    version: 1,
    ...overrides,
  };
}

describe('finalizedRecord', () => {
  it('moves the registered file to the copy, permanent, without ttl, keeping created_at', () => {
    const copy = aFile({ storage_element_id: 'se-02', updated_at: '2026-12-02T00:00:00.000Z', version: 1 });
    expect(finalizedRecord(aFile({ version: 3 }), copy)).toEqual(
      aFile({
        storage_element_id: 'se-02',
        retention_policy: 'permanent',
        ttl_expires_at: null,
        updated_at: '2026-12-02T00:00:00.000Z',
        version: 4,
      }),
    );
  });

  it("takes the copy's version when it is higher than the registry's next one", () => {
    expect(finalizedRecord(aFile({ version: 1 }), aFile({ version: 5 })).version).toBe(5);
  });
});

describe('isFinalizedOn', () => {
  it('is true only for a permanent record without ttl on that element', () => {
    const done = aFile({ storage_element_id: 'se-02', retention_policy: 'permanent', ttl_expires_at: null });
    expect(isFinalizedOn(done, 'se-02')).toBe(true);
    expect(isFinalizedOn(done, 'se-03')).toBe(false);
    expect(isFinalizedOn(aFile({ storage_element_id: 'se-02' }), 'se-02')).toBe(false);
  });
});

describe('updatedRecord', () => {
  it("keeps the element's version when it is above the registry's", () => {
    expect(updatedRecord(aFile({ version: 1 }), aFile({ version: 2 })).version).toBe(2);
  });

  it('goes above the registry after a finalize restarted the version line', () => {
    expect(updatedRecord(aFile({ version: 4 }), aFile({ version: 2 })).version).toBe(5);
  });

  it('is the element record itself when the registry lost the file', () => {
    const updated = aFile({ version: 2 });
    expect(updatedRecord(undefined, updated)).toBe(updated);
  });
});

describe('holdsUpdate', () => {
  const updated = aFile({
    updated_at: '2026-12-03T00:00:00.000Z',
    description: 'd',
    tags: ['x'],
    metadata: { a: 1, b: { c: 2, d: 3 } },
  });

  it('recognises the change whatever the key order of metadata (jsonb)', () => {
    expect(holdsUpdate({ ...updated, metadata: { b: { d: 3, c: 2 }, a: 1 }, version: 7 }, updated)).toBe(
      true,
    );
  });

  it('tells a registry that has not taken the change yet', () => {
    expect(holdsUpdate(aFile(), updated)).toBe(false);
    expect(holdsUpdate({ ...updated, tags: ['y'] }, updated)).toBe(false);
    expect(holdsUpdate({ ...updated, updated_at: '2026-12-04T00:00:00.000Z' }, updated)).toBe(false);
  });
});
