import { join } from 'node:path';
import { type AttrWalError, toAttrWalError } from '../attr-wal.errors';
import { closeQuietly } from '../fs/atomic-write';
import type { FileSystem, WritableFile } from '../fs/file-system';
import { decodeWalLine, encodeWalLine } from './wal-line.codec';
import type { WalIntentRecord, WalRecord } from './wal-record';

const SEGMENT_NAME = /^wal-(\d{12})\.log$/;
export const DEFAULT_MAX_SEGMENT_BYTES = 64 * 1024 * 1024;

interface Segment {
  sequence: number;
  path: string;
  bytes: number;
  /** Every transaction with a record in this segment. */
  transactions: Set<string>;
}

interface QueuedAppend {
  record: WalRecord;
  line: string;
  resolve: () => void;
  reject: (error: AttrWalError) => void;
}

export interface WriteAheadLogOptions {
  /** Rotate to a new segment once the current one reaches this size. */
  maxSegmentBytes?: number;
  /** Called after each successful fdatasync of a batch, with its duration and record count (metrics). */
  onSync?: (seconds: number, records: number) => void;
}

function segmentName(sequence: number): string {
  return `wal-${String(sequence).padStart(12, '0')}.log`;
}

/**
 * Append-only, checksummed JSON-lines journal in `<dataDir>/wal/`. Appends resolve after fdatasync;
 * appends queued while a flush is running (or within the same tick) share one fdatasync.
 */
export class WriteAheadLog {
  private readonly segments: Segment[] = [];
  private readonly unfinished = new Map<string, WalIntentRecord>();
  private active: { segment: Segment; file: WritableFile } | undefined;
  private queue: QueuedAppend[] = [];
  private flushScheduled = false;
  private serial: Promise<unknown> = Promise.resolve();
  private failure: AttrWalError | undefined;
  private tornLineCount = 0;
  private lastSequence = 0;

  private constructor(
    private readonly fs: FileSystem,
    private readonly directory: string,
    private readonly maxSegmentBytes: number,
    private readonly onSync: (seconds: number, records: number) => void,
  ) {}

  /** Reads every existing segment (ignoring torn or corrupt lines); new records go to a new segment. */
  static async open(
    fs: FileSystem,
    directory: string,
    options: WriteAheadLogOptions = {},
  ): Promise<WriteAheadLog> {
    const wal = new WriteAheadLog(
      fs,
      directory,
      options.maxSegmentBytes ?? DEFAULT_MAX_SEGMENT_BYTES,
      options.onSync ?? (() => undefined),
    );
    await fs.makeDirectory(directory);
    const sequences = (await fs.readDirectory(directory))
      .map((entry) => SEGMENT_NAME.exec(entry.name)?.[1])
      .filter((match): match is string => match !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    for (const sequence of sequences) {
      await wal.loadSegment(sequence);
    }
    return wal;
  }

  /** Lines that failed their checksum when the log was opened (a torn tail after a crash). */
  get tornLines(): number {
    return this.tornLineCount;
  }

  /** False once an append failed: an fsync is never retried, so the log refuses further writes. */
  get healthy(): boolean {
    return this.failure === undefined;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Intent records of transactions with no durable commit or abort, oldest first. */
  unfinishedIntents(): WalIntentRecord[] {
    return [...this.unfinished.values()];
  }

  /** Appends one record; resolves once it is on disk (fdatasync). */
  append(record: WalRecord): Promise<void> {
    if (this.failure) {
      return Promise.reject(this.failure);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, line: encodeWalLine(record), resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate lets every append issued in this tick join the batch.
        setImmediate(() => void this.runSerially(() => this.flush()));
      }
    });
  }

  /** Deletes the oldest segments whose transactions have all finished; returns how many. */
  compact(): Promise<number> {
    return this.runSerially(() => this.compactNow());
  }

  /** Waits for queued appends, then closes the current segment. */
  async close(): Promise<void> {
    await this.runSerially(async () => {
      if (this.active) {
        await this.active.file.close();
        this.active = undefined;
      }
    });
  }

  private runSerially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.serial.then(task);
    this.serial = result.catch(() => undefined);
    return result;
  }

  private async loadSegment(sequence: number): Promise<void> {
    const path = join(this.directory, segmentName(sequence));
    const content = (await this.fs.readFile(path)) ?? Buffer.alloc(0);
    const segment: Segment = { sequence, path, bytes: content.byteLength, transactions: new Set() };
    this.lastSequence = sequence;
    for (const line of content.toString('utf8').split('\n')) {
      if (line === '') {
        continue;
      }
      const record = decodeWalLine(line);
      if (record) {
        this.track(segment, record);
      } else {
        this.tornLineCount += 1;
      }
    }
    this.segments.push(segment);
  }

  private track(segment: Segment, record: WalRecord): void {
    segment.transactions.add(record.tx);
    if (record.phase === 'intent') {
      this.unfinished.set(record.tx, record);
    } else {
      this.unfinished.delete(record.tx);
    }
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) {
      return;
    }
    if (this.failure) {
      batch.forEach((queued) => queued.reject(this.failure as AttrWalError));
      return;
    }
    try {
      const active = this.active ?? (await this.openNextSegment());
      const bytes = Buffer.from(batch.map((queued) => queued.line).join(''), 'utf8');
      await active.file.write(bytes);
      const started = performance.now();
      await active.file.datasync();
      this.onSync((performance.now() - started) / 1000, batch.length);
      active.segment.bytes += bytes.byteLength;
      batch.forEach((queued) => this.track(active.segment, queued.record));
    } catch (error) {
      this.failure = toAttrWalError(error, 'appending to the write-ahead log');
      batch.forEach((queued) => queued.reject(this.failure as AttrWalError));
      return;
    }
    batch.forEach((queued) => queued.resolve());
    if (this.active && this.active.segment.bytes >= this.maxSegmentBytes) {
      await this.rotate();
    }
  }

  private async openNextSegment(): Promise<{ segment: Segment; file: WritableFile }> {
    const sequence = this.lastSequence + 1;
    this.lastSequence = sequence;
    const path = join(this.directory, segmentName(sequence));
    const file = await this.fs.openForWrite(path, 'exclusive');
    try {
      await this.fs.syncDirectory(this.directory);
    } catch (error) {
      await closeQuietly(file);
      throw error;
    }
    const segment: Segment = { sequence, path, bytes: 0, transactions: new Set() };
    this.segments.push(segment);
    this.active = { segment, file };
    return this.active;
  }

  private async rotate(): Promise<void> {
    const active = this.active;
    this.active = undefined;
    try {
      await active?.file.close();
      await this.compactNow();
    } catch {
      // Records are already durable; a failed close or compaction only leaves a segment behind.
    }
  }

  private async compactNow(): Promise<number> {
    let removed = 0;
    // Only a prefix may go: a later segment may hold the commit of an intent kept in an earlier one.
    while (this.segments.length > 0) {
      const oldest = this.segments[0];
      const pending = [...oldest.transactions].some((tx) => this.unfinished.has(tx));
      if (pending) {
        break;
      }
      if (this.active?.segment === oldest) {
        await this.active.file.close();
        this.active = undefined;
      }
      await this.fs.removeFile(oldest.path);
      this.segments.shift();
      removed += 1;
    }
    if (removed > 0) {
      await this.fs.syncDirectory(this.directory);
    }
    return removed;
  }
}
