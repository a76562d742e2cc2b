import { join } from 'node:path';
import {
  ATTR_SUFFIX,
  isCanonicalUuidV7,
  pathsFor,
  TEMP_PREFIX,
  TRASH_PREFIX,
  type FileSystem,
} from '@artstore/attr-wal';

export type SkipReason =
  | 'temporary_file'
  | 'trash_file'
  | 'foreign_name'
  | 'misplaced'
  | 'missing_data'
  | 'unreadable_attributes'
  | 'invalid_attributes';

export interface SkippedEntry {
  kind: 'skipped';
  path: string;
  reason: SkipReason;
}

export interface AttributeFile {
  kind: 'file';
  fileId: string;
  attributesPath: string;
  dataPath: string;
}

// YYYY / MM / DD / HH under the data directory.
const LEVELS = [/^\d{4}$/, /^\d{2}$/, /^\d{2}$/, /^\d{2}$/];

/**
 * Streams every `<dataDir>/YYYY/MM/DD/HH/<uuidv7>.attr.json` whose data file exists, through the
 * element's `FileSystem` (local disk or S3), one directory listing at a time (an hour directory's
 * entries are held while it is walked). Names the write protocol leaves behind (temp, trash) and
 * anything else inside the hour tree are reported as skipped; other entries at the top of the data
 * directory (WAL, mode record) are not the walker's business.
 */
export async function* walkAttributeFiles(
  fs: FileSystem,
  dataDir: string,
): AsyncGenerator<AttributeFile | SkippedEntry> {
  yield* walkLevel(fs, dataDir, dataDir, 0);
}

async function* walkLevel(
  fs: FileSystem,
  dataDir: string,
  directory: string,
  depth: number,
): AsyncGenerator<AttributeFile | SkippedEntry> {
  for (const entry of await fs.readDirectory(directory)) {
    const path = join(directory, entry.name);
    if (depth === LEVELS.length) {
      const walked = await classifyHourEntry(fs, dataDir, directory, entry.name, !entry.isDirectory);
      if (walked) {
        yield walked;
      }
    } else if (entry.isDirectory && LEVELS[depth]?.test(entry.name)) {
      yield* walkLevel(fs, dataDir, path, depth + 1);
    } else if (depth > 0) {
      yield { kind: 'skipped', path, reason: 'foreign_name' };
    }
  }
}

/** undefined for a data file (it is reached through its attr.json). */
async function classifyHourEntry(
  fs: FileSystem,
  dataDir: string,
  directory: string,
  name: string,
  isFile: boolean,
): Promise<AttributeFile | SkippedEntry | undefined> {
  const path = join(directory, name);
  if (name.startsWith(TEMP_PREFIX)) {
    return { kind: 'skipped', path, reason: 'temporary_file' };
  }
  if (name.startsWith(TRASH_PREFIX)) {
    return { kind: 'skipped', path, reason: 'trash_file' };
  }
  const fileId = name.endsWith(ATTR_SUFFIX) ? name.slice(0, -ATTR_SUFFIX.length) : name;
  if (!isFile || !isCanonicalUuidV7(fileId)) {
    return { kind: 'skipped', path, reason: 'foreign_name' };
  }
  if (fileId === name) {
    return undefined;
  }
  const paths = pathsFor(dataDir, fileId);
  if (paths.directory !== directory) {
    return { kind: 'skipped', path, reason: 'misplaced' };
  }
  // A failed stat (S3 unreachable) fails the walk rather than reporting the file as missing.
  const data = await fs.stat(paths.data);
  if (data === undefined || data.isDirectory) {
    return { kind: 'skipped', path, reason: 'missing_data' };
  }
  return { kind: 'file', fileId, attributesPath: path, dataPath: paths.data };
}
