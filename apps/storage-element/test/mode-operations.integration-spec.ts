import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFileId } from '@artstore/attr-wal';
import type { AttrJson, StorageElementMode, StorageElementOperation } from '@artstore/contracts';
import {
  startServiceUnderTest,
  startTestIssuer,
  type RunningTestService,
  type TestIssuer,
} from '@artstore/testing';
import { aDataDirectory, anElement, expectProblem, FileApiClient, someAttributes } from './file-api-client';

// SPEC §4, the modes table, cell for cell.
const MODE_TABLE: Readonly<Record<StorageElementMode, Readonly<Record<StorageElementOperation, boolean>>>> = {
  edit: { create: true, read: true, update_metadata: true, delete: true },
  rw: { create: true, read: true, update_metadata: true, delete: false },
  ro: { create: false, read: true, update_metadata: false, delete: false },
  ar: { create: false, read: true, update_metadata: false, delete: false },
};

/**
 * One data directory through edit → rw → ro → ar (each a restart with a changed SE_MODE, applied at
 * start): files created in edit are what the later, read-only modes are asked to change.
 */
describe('storage element operations in each mode', () => {
  const { dataDir } = aDataDirectory('artstore-se-mode-ops-');
  let issuer: TestIssuer;
  let service: RunningTestService | undefined;
  let files: FileApiClient;
  const content = 'the same bytes in every mode';
  let kept: AttrJson;
  const victims: Partial<Record<StorageElementMode, AttrJson>> = {};
  let sagaFile: AttrJson;

  const restartIn = async (mode: StorageElementMode): Promise<void> => {
    await service?.close();
    service = await startServiceUnderTest(
      anElement({ SE_ID: 'se-mode-ops', SE_MODE: mode, SE_DATA_DIR: dataDir }),
      {
        issuer,
      },
    );
    expect((await files.info()).mode).toBe(mode);
  };

  const expectRefusal = async (
    response: Response,
    mode: StorageElementMode,
    operation: StorageElementOperation,
  ) => {
    const problem = await expectProblem(response, 409, 'operation_not_allowed_in_mode');
    expect(problem.detail).toContain(`mode ${mode}`);
    expect(problem.detail).toContain(`operation ${operation}`);
  };

  beforeAll(async () => {
    issuer = await startTestIssuer();
    files = new FileApiClient(() => {
      if (!service) {
        throw new Error('no element running');
      }
      return service;
    }, issuer);
    await restartIn('edit');
    kept = await files.create(newFileId(), content);
    for (const mode of ['rw', 'ro', 'ar'] as const) {
      victims[mode] = await files.create(newFileId(), `victim in ${mode}`);
    }
    sagaFile = await files.create(newFileId(), 'created by a saga', {
      attributes: someAttributes({ saga_id: 'saga-before-ro' }),
    });
  });

  afterAll(async () => {
    await service?.close();
    await issuer?.stop();
  });

  const operationCells = (mode: StorageElementMode): void => {
    const allowed = MODE_TABLE[mode];
    const verdict = (operation: StorageElementOperation) => (allowed[operation] ? 'allows' : 'refuses (409)');

    it(`${verdict('create')} create`, async () => {
      const before = await files.info();
      const fileId = newFileId();
      const response = await files.put(fileId, `created in ${mode}`);
      if (allowed.create) {
        expect(response.status).toBe(201);
        expect(await files.attributesOrUndefined(fileId)).toMatchObject({ file_id: fileId, version: 1 });
        expect((await files.info()).file_count).toBe(before.file_count + 1);
        return;
      }
      await expectRefusal(response, mode, 'create');
      expect(await files.attributesOrUndefined(fileId)).toBeUndefined();
      expect(await files.info()).toEqual(before);
    });

    it(`${verdict('read')} read / download`, async () => {
      expect(allowed.read).toBe(true);
      const download = await files.get(kept.file_id);
      expect(download.status).toBe(200);
      expect(await download.text()).toBe(content);
      const range = await files.get(kept.file_id, { range: 'bytes=0-2' });
      expect(range.status).toBe(206);
      expect(await range.text()).toBe(content.slice(0, 3));
      expect((await files.head(kept.file_id)).status).toBe(200);
      expect(await files.attributesOrUndefined(kept.file_id)).toMatchObject({ file_id: kept.file_id });
      const listed = await files.listAll(100);
      expect(listed.items.map((file) => file.file_id)).toContain(kept.file_id);
    });

    it(`${verdict('update_metadata')} update metadata`, async () => {
      const before = await files.attributesOrUndefined(kept.file_id);
      const response = await files.patch(kept.file_id, { description: `updated in ${mode}` });
      if (allowed.update_metadata) {
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({
          description: `updated in ${mode}`,
          version: (before?.version ?? 0) + 1,
        });
        return;
      }
      await expectRefusal(response, mode, 'update_metadata');
      expect(await files.attributesOrUndefined(kept.file_id)).toEqual(before);
    });

    it(`${verdict('delete')} delete`, async () => {
      const victim = mode === 'edit' ? await files.create(newFileId(), 'victim in edit') : victims[mode];
      if (!victim) {
        throw new Error(`no victim for ${mode}`);
      }
      const before = await files.info();
      const response = await files.delete(victim.file_id);
      if (allowed.delete) {
        expect(response.status).toBe(200);
        expect(await files.attributesOrUndefined(victim.file_id)).toBeUndefined();
        expect((await files.info()).file_count).toBe(before.file_count - 1);
        return;
      }
      await expectRefusal(response, mode, 'delete');
      expect(await files.attributesOrUndefined(victim.file_id)).toEqual(victim);
      const download = await files.get(victim.file_id);
      expect(await download.text()).toBe(`victim in ${mode}`);
      expect(await files.info()).toEqual(before);
    });
  };

  describe('edit', () => {
    operationCells('edit');
  });

  describe('rw', () => {
    beforeAll(async () => {
      await restartIn('rw');
    });

    operationCells('rw');

    it('lets a saga compensation delete the file it created (its saga_id), though rw refuses deletes', async () => {
      const created = await files.create(newFileId(), 'saga step', {
        attributes: someAttributes({ saga_id: 'saga-rw' }),
      });
      expect(created.saga_id).toBe('saga-rw');
      const response = await files.delete(created.file_id, 'saga-rw');
      expect(response.status).toBe(200);
      expect(await files.attributesOrUndefined(created.file_id)).toBeUndefined();
    });

    it('refuses a compensation with another saga_id (409) and keeps the file', async () => {
      const created = await files.create(newFileId(), 'saga step', {
        attributes: someAttributes({ saga_id: 'saga-rw-2' }),
      });
      await expectRefusal(await files.delete(created.file_id, 'saga-other'), 'rw', 'delete');
      expect(await files.attributesOrUndefined(created.file_id)).toEqual(created);
    });

    it('refuses a compensation of a file no saga created (409)', async () => {
      await expectRefusal(await files.delete(kept.file_id, 'saga-rw'), 'rw', 'delete');
      expect(await files.attributesOrUndefined(kept.file_id)).toMatchObject({ file_id: kept.file_id });
    });
  });

  for (const mode of ['ro', 'ar'] as const) {
    describe(mode, () => {
      beforeAll(async () => {
        await restartIn(mode);
      });

      operationCells(mode);

      it('refuses even a saga compensation with the matching saga_id (409)', async () => {
        await expectRefusal(await files.delete(sagaFile.file_id, 'saga-before-ro'), mode, 'delete');
        expect(await files.attributesOrUndefined(sagaFile.file_id)).toEqual(sagaFile);
      });
    });
  }
});
