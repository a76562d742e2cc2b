import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { uuidV7Timestamp } from './file-id';

/** Prefix of every temp file; recovery removes any such file it finds under the root. */
export const TEMP_PREFIX = '.tmp-';
/** Prefix of a file hidden by an unfinished delete; restored or removed by recovery. */
export const TRASH_PREFIX = '.trash-';
export const ATTR_SUFFIX = '.attr.json';

export interface FilePaths {
  /** `<root>/YYYY/MM/DD/HH` */
  directory: string;
  data: string;
  attributes: string;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** `<root>/YYYY/MM/DD/HH/<file_id>` from the UTC hour of the id's timestamp; rejects non-UUIDv7 ids. */
export function pathsFor(root: string, fileId: string): FilePaths {
  const at = uuidV7Timestamp(fileId);
  const directory = join(
    root,
    String(at.getUTCFullYear()).padStart(4, '0'),
    twoDigits(at.getUTCMonth() + 1),
    twoDigits(at.getUTCDate()),
    twoDigits(at.getUTCHours()),
  );
  const data = join(directory, fileId);
  return { directory, data, attributes: data + ATTR_SUFFIX };
}

/** Where a delete transaction hides a file until it commits. */
export function trashPathsFor(root: string, fileId: string, tx: string): FilePaths {
  const { directory } = pathsFor(root, fileId);
  const data = join(directory, `${TRASH_PREFIX}${tx}-${fileId}`);
  return { directory, data, attributes: data + ATTR_SUFFIX };
}

/** A fresh temp name in `directory` (the final file's, so rename is atomic); `kind` only aids debugging. */
export function tempPathFor(directory: string, kind: 'data' | 'attr'): string {
  return join(directory, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}-${kind}`);
}
