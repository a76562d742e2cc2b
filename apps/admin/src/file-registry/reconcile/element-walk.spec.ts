import { describe, expect, it } from 'vitest';
import type { FileMetadata } from '@artstore/contracts';
import { createLogger } from '@artstore/platform';
import { ElementWalk } from './element-walk';
import type { ReconcileRepository } from './reconcile.repository';

const logger = createLogger({ serviceName: 'element-walk-spec', level: 'silent', format: 'json' });
const id = (n: number): string => `019a0000-0000-7000-8000-${String(n).padStart(12, '0')}`;

function listed(n: number, overrides: Partial<FileMetadata> = {}): FileMetadata & Record<string, unknown> {
  return {
    file_id: id(n),
    original_filename: `${n}.txt`,
    content_type: 'text/plain',
    size_bytes: n,
    sha256: 'a'.repeat(64),
    storage_element_id: 'se-01',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    uploaded_by: 'alice',
    retention_policy: 'permanent',
    ttl_expires_at: null,
    description: '',
    tags: [],
    metadata: {},
    version: 1,
    // attr.json carries these too; the walk drops them.
    schema_version: 1,
    saga_id: null,
    ...overrides,
  };
}

/** The registry's rows claiming se-01, as the walk queries them. */
function registryClaiming(fileIds: string[]): Pick<ReconcileRepository, 'idsClaimingElement'> {
  return {
    idsClaimingElement: (_element, after, upTo) =>
      Promise.resolve(
        [...fileIds]
          .sort()
          .filter((fileId) => (after === null || fileId > after) && (upTo === null || fileId <= upTo)),
      ),
  };
}

function walkOver(registry: Pick<ReconcileRepository, 'idsClaimingElement'>): ElementWalk {
  return new ElementWalk('se-01', new Date(), registry as ReconcileRepository, logger);
}

describe(ElementWalk.name, () => {
  describe('readPage', () => {
    it('collects the rows a page range lacks, and only after the whole listing those past the last page', async () => {
      const walk = walkOver(registryClaiming([id(1), id(2), id(3), id(5), id(9)]));
      await walk.readPage({ items: [listed(1), listed(3)], next_cursor: 'c1' });
      await walk.readPage({ items: [listed(5)], next_cursor: null });
      expect([...walk.unheldBatches()].flat()).toEqual([id(2), id(9)]);
      expect(walk.report.files_seen).toBe(3);
    });

    it('proves nothing with an empty page that is not the last', async () => {
      const walk = walkOver(registryClaiming([id(1), id(2)]));
      await walk.readPage({ items: [], next_cursor: 'c1' });
      expect([...walk.unheldBatches()].flat()).toEqual([]);
    });

    it('keeps a file it cannot register as held, and returns only valid metadata of this element', async () => {
      const walk = walkOver(registryClaiming([id(1), id(2), id(3)]));
      const files = await walk.readPage({
        items: [listed(1, { sha256: 'nope' }), listed(2, { storage_element_id: 'se-02' }), listed(3)],
        next_cursor: null,
      });
      expect(files.map((file) => file.file_id)).toEqual([id(3)]);
      expect(files[0]).not.toHaveProperty('saga_id');
      expect([...walk.unheldBatches()].flat()).toEqual([]);
      expect(walk.report.files_seen).toBe(3);
    });
  });

  describe('needsRegistration', () => {
    it('asks for missing and newer files only', () => {
      const walk = walkOver(registryClaiming([]));
      const stored = listed(1, { version: 2 });
      expect(walk.needsRegistration(undefined, listed(1))).toBe(true);
      expect(walk.needsRegistration(stored, listed(1, { version: 3 }))).toBe(true);
      expect(walk.needsRegistration(stored, listed(1, { version: 2 }))).toBe(false);
      expect(walk.needsRegistration(stored, listed(1, { version: 2, description: 'x' }))).toBe(false);
      expect(walk.needsRegistration(stored, listed(1, { version: 1 }))).toBe(false);
    });
  });
});
