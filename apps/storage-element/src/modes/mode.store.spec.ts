import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODE_HISTORY_LIMIT, modeRecordSchema } from './mode-record';
import { MODE_FILE, ModeRecordUnreadableError, ModeStore } from './mode.store';
import { ModeError } from './modes.errors';

const T0 = new Date('2026-03-01T10:00:00Z');
const T1 = new Date('2026-03-01T11:00:00Z');
const T2 = new Date('2026-03-01T12:00:00Z');

async function aDataDirectory(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'artstore-mode-'));
}

async function persisted(directory: string) {
  return modeRecordSchema.parse(JSON.parse(await readFile(path.join(directory, MODE_FILE), 'utf8')));
}

describe(ModeStore.name, () => {
  describe('open', () => {
    it('starts in SE_MODE on the first start and records it', async () => {
      const directory = await aDataDirectory();
      const store = await ModeStore.open(directory, 'rw', T0);
      expect(store.startupOutcome).toBe('first_start');
      expect(store.mode).toBe('rw');
      expect(await persisted(directory)).toEqual({
        schema_version: 1,
        configured_mode: 'rw',
        mode: 'rw',
        changed_at: T0.toISOString(),
        history: [
          {
            at: T0.toISOString(),
            from: null,
            to: 'rw',
            source: 'initial',
            actor: 'SE_MODE',
            reason: 'first start',
          },
        ],
      });
    });

    it('keeps a mode set through the API when SE_MODE is unchanged', async () => {
      const directory = await aDataDirectory();
      const first = await ModeStore.open(directory, 'rw', T0);
      await first.changeByApi('ro', 'disk migration', 'admin-cli', T1);
      const restarted = await ModeStore.open(directory, 'rw', T2);
      expect(restarted.startupOutcome).toBe('unchanged');
      expect(restarted.mode).toBe('ro');
      expect(restarted.record.history).toHaveLength(2);
    });

    it('applies a changed SE_MODE over the persisted mode and records why and when', async () => {
      const directory = await aDataDirectory();
      const first = await ModeStore.open(directory, 'rw', T0);
      await first.changeByApi('ro', 'full', 'admin-cli', T1);
      const restarted = await ModeStore.open(directory, 'edit', T2);
      expect(restarted.startupOutcome).toBe('configured_mode_changed');
      expect(restarted.mode).toBe('edit');
      const record = await persisted(directory);
      expect(record).toMatchObject({ configured_mode: 'edit', mode: 'edit', changed_at: T2.toISOString() });
      expect(record.history.at(-1)).toEqual({
        at: T2.toISOString(),
        from: 'ro',
        to: 'edit',
        source: 'config',
        actor: 'SE_MODE',
        reason: 'SE_MODE changed from rw to edit between starts',
      });
    });

    it('does not rewrite the record on an unchanged start', async () => {
      const directory = await aDataDirectory();
      await ModeStore.open(directory, 'ar', T0);
      const before = await readFile(path.join(directory, MODE_FILE), 'utf8');
      await ModeStore.open(directory, 'ar', T2);
      expect(await readFile(path.join(directory, MODE_FILE), 'utf8')).toBe(before);
    });

    it.each([
      ['not JSON', '{"mode":'],
      [
        'an unknown mode',
        '{"schema_version":1,"configured_mode":"rw","mode":"wx","changed_at":"2026-01-01T00:00:00Z","history":[]}',
      ],
      ['an empty file', ''],
    ])('refuses to start on %s with a clear error', async (_name, content) => {
      const directory = await aDataDirectory();
      await writeFile(path.join(directory, MODE_FILE), content);
      const opening = ModeStore.open(directory, 'rw', T0);
      await expect(opening).rejects.toBeInstanceOf(ModeRecordUnreadableError);
      await expect(opening).rejects.toThrow(/mode\.json is not a valid mode record/);
      expect(await readFile(path.join(directory, MODE_FILE), 'utf8')).toBe(content);
    });
  });

  describe('changeByApi', () => {
    it('moves rw → ro → ar, durably, with actor and reason', async () => {
      const directory = await aDataDirectory();
      const store = await ModeStore.open(directory, 'rw', T0);
      await store.changeByApi('ro', 'filling up', 'admin-a', T1);
      const record = await store.changeByApi('ar', 'archive 2026', 'admin-b', T2);
      expect(record.mode).toBe('ar');
      expect(await persisted(directory)).toEqual(record);
      expect(record.history.slice(1)).toEqual([
        { at: T1.toISOString(), from: 'rw', to: 'ro', source: 'api', actor: 'admin-a', reason: 'filling up' },
        {
          at: T2.toISOString(),
          from: 'ro',
          to: 'ar',
          source: 'api',
          actor: 'admin-b',
          reason: 'archive 2026',
        },
      ]);
      expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });

    it('refuses a transition the table does not allow and changes nothing', async () => {
      const directory = await aDataDirectory();
      const store = await ModeStore.open(directory, 'edit', T0);
      const before = await readFile(path.join(directory, MODE_FILE), 'utf8');
      await expect(store.changeByApi('ro', 'try', 'admin', T1)).rejects.toBeInstanceOf(ModeError);
      expect(store.mode).toBe('edit');
      expect(await readFile(path.join(directory, MODE_FILE), 'utf8')).toBe(before);
    });

    it('serialises concurrent changes: the second sees the first', async () => {
      const store = await ModeStore.open(await aDataDirectory(), 'rw', T0);
      const results = await Promise.allSettled([
        store.changeByApi('ro', 'one', 'admin', T1),
        store.changeByApi('ro', 'two', 'admin', T1),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
      expect(store.record.history).toHaveLength(2);
    });

    it(`keeps only the newest ${MODE_HISTORY_LIMIT} changes`, async () => {
      const directory = await aDataDirectory();
      // Alternate SE_MODE between starts to produce many changes.
      for (let start = 0; start < MODE_HISTORY_LIMIT + 5; start += 1) {
        await ModeStore.open(directory, start % 2 === 0 ? 'rw' : 'edit', T0);
      }
      const record = await persisted(directory);
      expect(record.history).toHaveLength(MODE_HISTORY_LIMIT);
      expect(record.history.every((change) => change.source === 'config')).toBe(true);
    });
  });
});
