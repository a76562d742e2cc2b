import type { Readable } from 'node:stream';
import type { ByteRange, DirectoryEntry, FileStats, FileSystem, WritableFile } from './file-system';

export type FileSystemOperation =
  | 'openForWrite'
  | 'write'
  | 'sync'
  | 'datasync'
  | 'close'
  | 'rename'
  | 'removeFile'
  | 'makeDirectory'
  | 'syncDirectory'
  | 'readDirectory'
  | 'stat'
  | 'readFile'
  | 'openRead';

/** One planned failure: the matching call fails with an errno-style error instead of running. */
export interface InjectedFault {
  operation: FileSystemOperation;
  code: 'ENOSPC' | 'EIO';
  /** Only calls whose path contains this string (or matches this pattern). */
  path?: string | RegExp;
  /** Let this many matching calls succeed first. */
  afterCalls?: number;
  /** How many times to fail once triggered; default forever. */
  times?: number;
}

export interface RecordedCall {
  operation: FileSystemOperation;
  path: string;
  failed: boolean;
}

function pathMatches(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) {
    return true;
  }
  return typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path);
}

/** Wraps a real filesystem, records every call and fails the ones planned by `inject`. */
export class FaultInjectingFileSystem implements FileSystem {
  readonly calls: RecordedCall[] = [];
  private faults: { fault: InjectedFault; seen: number; fired: number }[] = [];

  constructor(private readonly inner: FileSystem) {}

  inject(fault: InjectedFault): this {
    this.faults.push({ fault, seen: 0, fired: 0 });
    return this;
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** How many calls of `operation` (on matching paths) were made, failed ones included. */
  count(operation: FileSystemOperation, path?: string | RegExp): number {
    return this.calls.filter((call) => call.operation === operation && pathMatches(path, call.path)).length;
  }

  private async run<T>(operation: FileSystemOperation, path: string, action: () => Promise<T>): Promise<T> {
    for (const planned of this.faults) {
      const { fault } = planned;
      if (fault.operation !== operation || !pathMatches(fault.path, path)) {
        continue;
      }
      planned.seen += 1;
      if (planned.seen > (fault.afterCalls ?? 0) && planned.fired < (fault.times ?? Infinity)) {
        planned.fired += 1;
        this.calls.push({ operation, path, failed: true });
        const error: NodeJS.ErrnoException = new Error(`${fault.code}: injected ${operation} '${path}'`);
        error.code = fault.code;
        throw error;
      }
    }
    this.calls.push({ operation, path, failed: false });
    return action();
  }

  async openForWrite(path: string, mode: 'exclusive' | 'append'): Promise<WritableFile> {
    const file = await this.run('openForWrite', path, () => this.inner.openForWrite(path, mode));
    return {
      write: (data) => this.run('write', path, () => file.write(data)),
      sync: () => this.run('sync', path, () => file.sync()),
      datasync: () => this.run('datasync', path, () => file.datasync()),
      // A failed close still releases the real descriptor so tests do not leak handles.
      close: () =>
        this.run('close', path, () => file.close()).catch(async (error: unknown) => {
          await file.close().catch(() => undefined);
          throw error;
        }),
    };
  }

  rename(from: string, to: string): Promise<void> {
    return this.run('rename', `${from} -> ${to}`, () => this.inner.rename(from, to));
  }

  removeFile(path: string): Promise<boolean> {
    return this.run('removeFile', path, () => this.inner.removeFile(path));
  }

  makeDirectory(path: string): Promise<void> {
    return this.run('makeDirectory', path, () => this.inner.makeDirectory(path));
  }

  syncDirectory(path: string): Promise<void> {
    return this.run('syncDirectory', path, () => this.inner.syncDirectory(path));
  }

  readDirectory(path: string): Promise<DirectoryEntry[]> {
    return this.run('readDirectory', path, () => this.inner.readDirectory(path));
  }

  stat(path: string): Promise<FileStats | undefined> {
    return this.run('stat', path, () => this.inner.stat(path));
  }

  readFile(path: string): Promise<Buffer | undefined> {
    return this.run('readFile', path, () => this.inner.readFile(path));
  }

  openRead(path: string, range?: ByteRange): Promise<Readable | undefined> {
    return this.run('openRead', path, () => this.inner.openRead(path, range));
  }
}
