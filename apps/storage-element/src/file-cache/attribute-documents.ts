import type { AttrJson } from '@artstore/contracts';
import { MAX_ATTR_JSON_BYTES, type FileSystem } from '@artstore/attr-wal';
import { parseAttrJson } from './attr-json.schema';
import { walkAttributeFiles, type SkippedEntry } from './attribute-files.walker';

export interface AttributeDocument {
  kind: 'document';
  attr: AttrJson;
}

/** Every valid attr.json document under the data directory, and what was skipped on the way. */
export async function* readAttributeDocuments(
  fs: FileSystem,
  dataDir: string,
): AsyncGenerator<AttributeDocument | SkippedEntry> {
  for await (const entry of walkAttributeFiles(fs, dataDir)) {
    if (entry.kind === 'skipped') {
      yield entry;
      continue;
    }
    // A failed read (S3 unreachable) fails the walk: a rebuild must not drop the row of a good file.
    const bytes = await fs.readFile(entry.attributesPath);
    let document: unknown;
    try {
      if (bytes === undefined) {
        throw new Error('attr.json vanished during the walk');
      }
      document = bytes.byteLength <= MAX_ATTR_JSON_BYTES ? JSON.parse(bytes.toString('utf8')) : undefined;
    } catch {
      yield { kind: 'skipped', path: entry.attributesPath, reason: 'unreadable_attributes' };
      continue;
    }
    const attr = parseAttrJson(document);
    if (!attr || attr.file_id !== entry.fileId) {
      yield { kind: 'skipped', path: entry.attributesPath, reason: 'invalid_attributes' };
      continue;
    }
    yield { kind: 'document', attr };
  }
}
