import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILPOINT_STEPS, newFileId, type FailpointStep } from '@artstore/attr-wal';
import type { AttrJson } from '@artstore/contracts';
import {
  buildElementTestBundle,
  CrashTestElement,
  openWalTransactions,
  readDiskState,
  sha256Of,
  type DiskState,
} from './crash-harness';

type TargetOnDisk = 'absent' | 'data only' | 'version 1' | 'version 2';

/** What the killed process left of the target file, before any recovery: proof of where it died. */
const LEFT_BY_THE_CRASH: Record<FailpointStep, { target: TargetOnDisk; leftovers: boolean }> = {
  'create:after-body-sync': { target: 'absent', leftovers: true },
  'create:after-intent': { target: 'absent', leftovers: true },
  'create:after-body-rename': { target: 'data only', leftovers: true },
  'create:after-attr-write': { target: 'version 1', leftovers: false },
  'create:after-hook': { target: 'version 1', leftovers: false },
  'create:after-commit': { target: 'version 1', leftovers: false },
  'update:after-intent': { target: 'version 1', leftovers: false },
  'update:after-attr-write': { target: 'version 2', leftovers: false },
  'update:after-hook': { target: 'version 2', leftovers: false },
  'update:after-commit': { target: 'version 2', leftovers: false },
  'delete:after-intent': { target: 'version 1', leftovers: false },
  'delete:after-hide': { target: 'absent', leftovers: true },
  'delete:after-hook': { target: 'absent', leftovers: true },
  'delete:after-commit': { target: 'absent', leftovers: true },
};

function targetOnDisk(disk: DiskState, fileId: string): TargetOnDisk {
  if (disk.dataWithoutAttributes.includes(fileId)) {
    return 'data only';
  }
  const version = disk.files.get(fileId)?.attributes.version;
  return version === undefined ? 'absent' : version === 1 ? 'version 1' : 'version 2';
}

// SPEC §4: kill the element right after every step of create, update and delete (SE_FAILPOINT in
// the test build), restart it, and check the invariants. One element, database and data directory
// live through all the crashes, so every file acknowledged by an earlier step must survive them all.
describe('storage element killed after each write-protocol step', () => {
  let element: CrashTestElement;
  /** file id → sha256 of every file that must be served from now on. */
  const durable = new Map<string, string>();

  beforeAll(async () => {
    await buildElementTestBundle();
    element = await CrashTestElement.create('crash_steps');
    await element.start();
  });

  afterAll(async () => {
    await element?.close();
  });

  async function seedFile(): Promise<{ fileId: string; attributes: AttrJson }> {
    const fileId = newFileId();
    const bytes = randomBytes(randomInt(1, 64 * 1024));
    const attributes = await element.store(fileId, bytes);
    durable.set(fileId, sha256Of(bytes));
    return { fileId, attributes };
  }

  /** Runs the operation the failpoint interrupts; the process must die without answering it. */
  async function crashDuring(step: FailpointStep, fileId: string, bytes: Buffer): Promise<void> {
    await element.current?.kill();
    const crashing = await element.start({ SE_FAILPOINT: step });
    const operation = step.startsWith('create:')
      ? element.upload(fileId, bytes)
      : step.startsWith('update:')
        ? element.describe(fileId, 'changed before the crash')
        : element.remove(fileId);
    await expect(operation).rejects.toThrow('fetch failed');
    expect(await crashing.exited).toEqual({ code: null, signal: 'SIGKILL' });
  }

  it.each(FAILPOINT_STEPS)('recovers after a crash at %s', async (step) => {
    if (!element.current?.running) {
      await element.start();
    }
    const committed = step.endsWith(':after-commit');
    const target = step.startsWith('create:') ? { fileId: newFileId(), attributes: null } : await seedFile();
    await seedFile(); // a bystander in the same hour directory
    const bytes = randomBytes(randomInt(1, 64 * 1024));

    await crashDuring(step, target.fileId, bytes);
    const crashed = await readDiskState(element.dataDir);
    expect({ target: targetOnDisk(crashed, target.fileId), leftovers: crashed.leftovers.length > 0 }).toEqual(
      LEFT_BY_THE_CRASH[step],
    );
    // Killed before the commit record: its intent is open (after body-sync it may not be durable yet).
    if (step !== 'create:after-body-sync') {
      expect(await openWalTransactions(element.dataDir)).toHaveLength(committed ? 0 : 1);
    }

    await element.start();
    const recovered = await element.expectConsistent();

    const onDisk = recovered.disk.files.get(target.fileId)?.attributes;
    if (step.startsWith('create:')) {
      expect(await element.download(target.fileId)).toEqual(committed ? bytes : null);
      expect(onDisk === undefined).toBe(!committed);
      if (committed) {
        durable.set(target.fileId, sha256Of(bytes));
      }
    } else if (step.startsWith('update:')) {
      expect(onDisk).toEqual(
        committed
          ? {
              ...target.attributes,
              description: 'changed before the crash',
              version: 2,
              updated_at: onDisk?.updated_at,
            }
          : target.attributes,
      );
    } else {
      expect(onDisk).toEqual(committed ? undefined : target.attributes);
      if (committed) {
        expect(await element.download(target.fileId)).toBeNull();
        durable.delete(target.fileId);
      }
    }
    await element.expectServed(durable);

    // Recovery again, on a recovered element: nothing on disk, in the cache or in the counts moves.
    await element.restart();
    const again = await element.expectConsistent();
    expect(again.disk.fingerprint).toEqual(recovered.disk.fingerprint);
    expect(again.listing).toEqual(recovered.listing);
    expect(again.info).toEqual(recovered.info);
    await element.expectServed(durable);
  });
});
