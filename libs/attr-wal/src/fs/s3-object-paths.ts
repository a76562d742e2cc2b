import { basename, isAbsolute, relative, sep } from 'node:path';
import { TEMP_PREFIX } from '../layout/file-layout';

/** Where a path of the data directory lives on the S3 backend. */
export type StoragePlace =
  /** The WAL, other top-level files, and every temp file: the local disk. */
  | { kind: 'local' }
  /** A file or directory of the `YYYY/…` tree: an object key, or the key prefix of a directory. */
  | { kind: 'object'; key: string };

const YEAR_DIRECTORY = /^\d{4}$/;

/**
 * Maps the absolute paths the protocol uses to object keys: `<dataDir>/YYYY/MM/DD/HH/<name>` becomes
 * `<keyPrefix>YYYY/MM/DD/HH/<name>`. Only names under a four-digit top-level directory are objects.
 */
export class S3ObjectPaths {
  /** '' or `prefix/`. */
  readonly keyPrefix: string;

  constructor(
    readonly dataDir: string,
    keyPrefix = '',
  ) {
    const trimmed = keyPrefix.replace(/^\/+|\/+$/g, '');
    this.keyPrefix = trimmed === '' ? '' : `${trimmed}/`;
  }

  placeOf(path: string): StoragePlace {
    const segments = this.segmentsOf(path);
    if (
      segments === undefined ||
      !YEAR_DIRECTORY.test(segments[0] ?? '') ||
      basename(path).startsWith(TEMP_PREFIX)
    ) {
      return { kind: 'local' };
    }
    return { kind: 'object', key: this.keyPrefix + segments.join('/') };
  }

  /** The key prefix whose listing joins the local entries of `directory`; undefined when it is local only. */
  listingPrefixOf(directory: string): string | undefined {
    const segments = this.segmentsOf(directory);
    if (segments?.length === 0) {
      return this.keyPrefix;
    }
    const place = this.placeOf(directory);
    return place.kind === 'object' ? `${place.key}/` : undefined;
  }

  /** The path segments below dataDir ([] for dataDir itself); undefined outside it. */
  private segmentsOf(path: string): string[] | undefined {
    const below = relative(this.dataDir, path);
    if (below === '') {
      return [];
    }
    if (below === '..' || below.startsWith(`..${sep}`) || isAbsolute(below)) {
      return undefined;
    }
    return below.split(sep);
  }
}
