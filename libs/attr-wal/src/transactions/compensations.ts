import type { AttrJson } from '@artstore/contracts';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import type { DirectorySync } from '../fs/directory-sync';
import type { FileSystem } from '../fs/file-system';
import { pathsFor, trashPathsFor } from '../layout/file-layout';
import { encodeAttributes } from './attributes.codec';

// Each compensation is idempotent: rollback and recovery may run it more than once.

/** Undoes a create: the data file and attr.json go. */
export async function removeCreatedFile(fs: FileSystem, root: string, fileId: string): Promise<void> {
  const paths = pathsFor(root, fileId);
  const removedData = await fs.removeFile(paths.data);
  const removedAttributes = await fs.removeFile(paths.attributes);
  if (removedData || removedAttributes) {
    await fs.syncDirectory(paths.directory);
  }
}

/** Undoes an update: attr.json goes back to the attributes the intent recorded. */
export async function restoreAttributes(
  fs: FileSystem,
  root: string,
  previous: AttrJson,
  directories?: DirectorySync,
): Promise<void> {
  await writeFileAtomic(
    fs,
    pathsFor(root, previous.file_id).attributes,
    encodeAttributes(previous),
    directories,
  );
}

/** Undoes a delete: files hidden under the transaction's trash names come back (data first). */
export async function restoreHiddenFile(
  fs: FileSystem,
  root: string,
  fileId: string,
  tx: string,
  directories?: DirectorySync,
): Promise<void> {
  const paths = pathsFor(root, fileId);
  const trash = trashPathsFor(root, fileId, tx);
  let moved = false;
  for (const [from, to] of [
    [trash.data, paths.data],
    [trash.attributes, paths.attributes],
  ] as const) {
    if ((await fs.stat(from)) !== undefined) {
      await fs.rename(from, to);
      moved = true;
    }
  }
  if (moved) {
    const directory = dirname(paths.data);
    await (directories ? directories.sync(directory) : fs.syncDirectory(directory));
  }
}

/** After a delete committed: the hidden files are removed for good. */
export async function purgeHiddenFile(
  fs: FileSystem,
  root: string,
  fileId: string,
  tx: string,
): Promise<void> {
  const trash = trashPathsFor(root, fileId, tx);
  await fs.removeFile(trash.data);
  await fs.removeFile(trash.attributes);
  await fs.syncDirectory(trash.directory);
}
