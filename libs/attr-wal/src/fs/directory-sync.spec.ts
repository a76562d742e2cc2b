import { describe, expect, it } from 'vitest';
import { DirectorySync } from './directory-sync';
import type { FileSystem } from './file-system';

/** A syncDirectory whose calls stay pending until the test settles them, in call order. */
class ControlledDirectoryFsync implements Pick<FileSystem, 'syncDirectory'> {
  readonly started: { path: string; succeed: () => void; fail: (error: Error) => void }[] = [];

  syncDirectory(path: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.started.push({ path, succeed: resolve, fail: reject });
    });
  }

  count(path: string): number {
    return this.started.filter((call) => call.path === path).length;
  }
}

/** Lets every queued promise reaction run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Tracks whether a promise has settled, without leaving its rejection unhandled. */
function track(promise: Promise<void>): { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } {
  const tracked: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { state: 'pending' };
  promise.then(
    () => (tracked.state = 'resolved'),
    (error: unknown) => Object.assign(tracked, { state: 'rejected', error }),
  );
  return tracked;
}

describe(DirectorySync.name, () => {
  describe('sync', () => {
    it('fsyncs the directory once for a lone caller, and again for a later one', async () => {
      const fs = new ControlledDirectoryFsync();
      const directories = new DirectorySync(fs);
      const first = track(directories.sync('/d'));
      expect(fs.count('/d')).toBe(1);
      fs.started[0].succeed();
      await settle();
      expect(first.state).toBe('resolved');
      const second = track(directories.sync('/d'));
      expect(fs.count('/d')).toBe(2);
      fs.started[1].succeed();
      await settle();
      expect(second.state).toBe('resolved');
    });

    it('makes callers that ask during a running sync wait for the next one, which they all share', async () => {
      const fs = new ControlledDirectoryFsync();
      const directories = new DirectorySync(fs);
      const first = track(directories.sync('/d'));
      const queued = [1, 2, 3].map(() => track(directories.sync('/d')));
      expect(fs.count('/d')).toBe(1);

      fs.started[0].succeed();
      await settle();
      expect(first.state).toBe('resolved');
      // Their renames may have missed the first sync: the one that resolved it is not theirs.
      expect(queued.map((caller) => caller.state)).toEqual(['pending', 'pending', 'pending']);
      expect(fs.count('/d')).toBe(2);

      fs.started[1].succeed();
      await settle();
      expect(queued.map((caller) => caller.state)).toEqual(['resolved', 'resolved', 'resolved']);
      expect(fs.count('/d')).toBe(2);
    });

    it('never shares a sync between different directories', async () => {
      const fs = new ControlledDirectoryFsync();
      const directories = new DirectorySync(fs);
      const a = track(directories.sync('/a'));
      const b = track(directories.sync('/b'));
      expect(fs.started.map((call) => call.path)).toEqual(['/a', '/b']);
      fs.started[1].succeed();
      await settle();
      expect([a.state, b.state]).toEqual(['pending', 'resolved']);
    });

    it('rejects every waiter of a failed sync and never retries it', async () => {
      const fs = new ControlledDirectoryFsync();
      const directories = new DirectorySync(fs);
      const first = track(directories.sync('/d'));
      const queued = [1, 2, 3].map(() => track(directories.sync('/d')));
      fs.started[0].succeed();
      await settle();
      const failure = Object.assign(new Error('EIO'), { code: 'EIO' });
      fs.started[1].fail(failure);
      await settle();
      expect(first.state).toBe('resolved');
      expect(queued.map((caller) => caller.state)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(queued.every((caller) => caller.error === failure)).toBe(true);
      expect(fs.count('/d')).toBe(2);
    });

    it('gives callers queued behind a failed sync a sync of their own', async () => {
      const fs = new ControlledDirectoryFsync();
      const directories = new DirectorySync(fs);
      const first = track(directories.sync('/d'));
      const queued = track(directories.sync('/d'));
      fs.started[0].fail(new Error('EIO'));
      await settle();
      expect([first.state, queued.state]).toEqual(['rejected', 'pending']);
      expect(fs.count('/d')).toBe(2);
      fs.started[1].succeed();
      await settle();
      expect(queued.state).toBe('resolved');
    });

    it('rejects, rather than throws, when syncDirectory throws synchronously', async () => {
      const directories = new DirectorySync({
        syncDirectory: () => {
          throw new Error('boom');
        },
      });
      await expect(directories.sync('/d')).rejects.toThrow('boom');
      await expect(directories.sync('/d')).rejects.toThrow('boom');
    });
  });
});
