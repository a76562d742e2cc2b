import { describe, expect, it, vi } from 'vitest';
import type { FileMetadata } from '@artstore/contracts';
import type { SagaStepContext } from '@artstore/saga';
import type { StorageElementsConfigSubscriber } from '@artstore/service-discovery';
import type { ElementFilesAdapter } from '../element-files/element-files.adapter';
import { ElementUnavailableError, ElementUnreachableError } from '../element-files/element-files.errors';
import type { FileRegistryAdapter } from '../file-registry/file-registry.adapter';
import { NoEligibleElementError } from '../sagas/upload-saga.errors';
import { finalizeSaga, type FinalizeSagaState } from './finalize.saga';

const FILE: FileMetadata = {
  file_id: '0193a5c0-0000-7000-8000-000000000001',
  original_filename: 'a.bin',
  content_type: 'application/octet-stream',
  size_bytes: 3,
  sha256: 'a'.repeat(64),
  storage_element_id: 'se-edit',
  created_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:00.000Z',
  uploaded_by: 'client',
  retention_policy: 'temporary',
  ttl_expires_at: '2026-12-31T00:00:00.000Z',
  description: '',
  tags: [],
  metadata: {},
  version: 1,
};

const endpoint = (id: string, mode: 'edit' | 'rw', priority: number) => ({
  id,
  url: `http://${id}`,
  mode,
  priority,
  capacity_bytes: 1000,
  used_bytes: 0,
  free_bytes: 1000,
  status: 'online' as const,
});

function aSaga(
  putCopy: ElementFilesAdapter['putCopy'],
  elements = [endpoint('se-edit', 'edit', 1), endpoint('se-rw', 'rw', 1)],
) {
  const removeFile = vi.fn<ElementFilesAdapter['removeFile']>().mockResolvedValue(true);
  const adapter = {
    isCircuitOpen: () => false,
    openDownload: () => Promise.resolve(new ReadableStream<Uint8Array>()),
    putCopy,
    removeFile,
  } as unknown as ElementFilesAdapter;
  const discovery = {
    current: () => ({ version: 1, published_at: '', elements }),
  } as unknown as StorageElementsConfigSubscriber;
  const saga = finalizeSaga({ discovery, elements: adapter, registry: {} as FileRegistryAdapter });
  const step = (name: string) => {
    const found = saga.steps.find((candidate) => candidate.name === name);
    if (!found) {
      throw new Error(`no step ${name}`);
    }
    return found;
  };
  return { step, removeFile };
}

const context: SagaStepContext = {
  sagaId: 'saga-1',
  attempt: 1,
  signal: new AbortController().signal,
  logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
};

const chosen: FinalizeSagaState = {
  file_id: FILE.file_id,
  file: FILE,
  source: { id: 'se-edit', url: 'http://se-edit' },
  target: { id: 'se-rw', url: 'http://se-rw' },
};

describe(finalizeSaga.name, () => {
  describe('choose', () => {
    it('takes the best rw element', async () => {
      const { step } = aSaga(vi.fn());
      await expect(step('choose').run({ ...chosen, target: undefined }, context)).resolves.toEqual({
        target: { id: 'se-rw', url: 'http://se-rw' },
      });
    });

    it('refuses when no rw element can take the file', async () => {
      const { step } = aSaga(vi.fn(), [endpoint('se-edit', 'edit', 1)]);
      await expect(step('choose').run({ ...chosen, target: undefined }, context)).rejects.toThrow(
        NoEligibleElementError,
      );
    });
  });

  describe('copy', () => {
    it('leaves nothing to undo when the target could not be reached', async () => {
      const { step, removeFile } = aSaga(() =>
        Promise.reject(new ElementUnreachableError('se-rw', 'refused')),
      );
      await expect(step('copy').run(chosen, context)).rejects.toThrow(ElementUnreachableError);
      await step('copy').compensate?.(chosen, context);
      expect(removeFile).not.toHaveBeenCalled();
    });

    it('removes the copy by saga id when the PUT failed after it may have landed', async () => {
      const { step, removeFile } = aSaga(() => Promise.reject(new ElementUnavailableError('se-rw', 'reset')));
      await expect(step('copy').run(chosen, context)).rejects.toThrow(ElementUnavailableError);
      await step('copy').compensate?.(chosen, { ...context, sagaId: 'saga-1' });
      expect(removeFile).toHaveBeenCalledWith(chosen.target, FILE.file_id, 'saga-1', expect.any(AbortSignal));
    });

    it('removes the copy when this process knows nothing (a recovery after a crash)', async () => {
      const { step, removeFile } = aSaga(vi.fn());
      await step('copy').compensate?.(chosen, { ...context, sagaId: 'saga-after-crash' });
      expect(removeFile).toHaveBeenCalledOnce();
    });
  });

  describe('verify', () => {
    it('refuses a copy with other bytes', async () => {
      const { step } = aSaga(vi.fn());
      const copy = { ...FILE, storage_element_id: 'se-rw', sha256: 'b'.repeat(64) };
      await expect(step('verify').run({ ...chosen, copy }, context)).rejects.toThrow(/sha256/);
    });
  });
});
