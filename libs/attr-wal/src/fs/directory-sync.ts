import type { FileSystem } from './file-system';

interface QueuedWaiters {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** The sync running for one directory and the callers waiting for the one after it. */
interface DirectoryState {
  next: QueuedWaiters | undefined;
}

function queuedWaiters(): QueuedWaiters {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((resolveWith, rejectWith) => {
    resolve = resolveWith;
    reject = rejectWith;
  });
  return { promise, resolve, reject };
}

/**
 * Group commit for directory fsyncs, like the WAL's for appends: callers that ask while a sync of the
 * same directory is running wait for the next one (their rename may have missed the running one) and
 * all of them share it. A failed sync rejects each of its waiters and is never retried.
 */
export class DirectorySync {
  private readonly running = new Map<string, DirectoryState>();

  constructor(private readonly fs: Pick<FileSystem, 'syncDirectory'>) {}

  /** Resolves once a directory fsync that started after this call has succeeded. */
  sync(directory: string): Promise<void> {
    const state = this.running.get(directory);
    if (state === undefined) {
      return this.start(directory);
    }
    state.next ??= queuedWaiters();
    return state.next.promise;
  }

  private start(directory: string): Promise<void> {
    const state: DirectoryState = { next: undefined };
    this.running.set(directory, state);
    const synced = (async () => this.fs.syncDirectory(directory))();
    // Registered before any caller awaits `synced`, so the queued sync starts without a gap.
    const handOver = () => {
      const queued = state.next;
      if (queued === undefined) {
        this.running.delete(directory);
        return;
      }
      this.start(directory).then(queued.resolve, queued.reject);
    };
    synced.then(handOver, handOver);
    return synced;
  }
}
