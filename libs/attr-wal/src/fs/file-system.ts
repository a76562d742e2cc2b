import type { Readable } from 'node:stream';

/** An open file the protocol writes to; `close()` reports its own failure. */
export interface WritableFile {
  /** Writes every byte of `data` at the current end of the file. */
  write(data: Uint8Array): Promise<void>;
  /** fsync: data and metadata. */
  sync(): Promise<void>;
  /** fdatasync: data and the metadata needed to read it back (size). */
  datasync(): Promise<void>;
  close(): Promise<void>;
}

export interface DirectoryEntry {
  name: string;
  isDirectory: boolean;
}

export interface FileStats {
  size: number;
  isDirectory: boolean;
}

/** Inclusive byte positions, as in an HTTP Range. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The filesystem operations the write protocol needs, so tests can inject faults. */
export interface FileSystem {
  /** `exclusive` creates a new file and fails if it exists; `append` opens or creates for appending. */
  openForWrite(path: string, mode: 'exclusive' | 'append'): Promise<WritableFile>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; resolves false when it was already absent. */
  removeFile(path: string): Promise<boolean>;
  /** mkdir -p. */
  makeDirectory(path: string): Promise<void>;
  /** fsyncs a directory so the entries created, renamed or removed in it are durable. */
  syncDirectory(path: string): Promise<void>;
  /** The entries of a directory; empty when it does not exist. */
  readDirectory(path: string): Promise<DirectoryEntry[]>;
  /** undefined when the path does not exist. */
  stat(path: string): Promise<FileStats | undefined>;
  /** undefined when the file does not exist. */
  readFile(path: string): Promise<Buffer | undefined>;
  /** Streams the file (or the inclusive `range` of it); undefined when the file does not exist. */
  openRead(path: string, range?: ByteRange): Promise<Readable | undefined>;
}
