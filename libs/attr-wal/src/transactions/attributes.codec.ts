import type { AttrJson } from '@artstore/contracts';
import { AttrWalError, AttrWalErrorCode } from '../attr-wal.errors';
import type { FileSystem } from '../fs/file-system';

export const ATTR_SCHEMA_VERSION = 1;
export const MAX_ATTR_JSON_BYTES = 4096;

/** attr.json's bytes; refuses anything over SPEC's 4 KiB. */
export function encodeAttributes(attributes: AttrJson): Buffer {
  const bytes = Buffer.from(JSON.stringify(attributes) + '\n', 'utf8');
  if (bytes.byteLength > MAX_ATTR_JSON_BYTES) {
    throw new AttrWalError(
      AttrWalErrorCode.InvalidAttributes,
      `attr.json would exceed ${MAX_ATTR_JSON_BYTES} bytes.`,
    );
  }
  return bytes;
}

/** The attributes at `path`, or undefined when the file does not exist. */
export async function readAttributesFile(fs: FileSystem, path: string): Promise<AttrJson | undefined> {
  const bytes = await fs.readFile(path);
  if (bytes === undefined) {
    return undefined;
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as AttrJson;
  } catch (error) {
    throw new AttrWalError(AttrWalErrorCode.IoFailure, `Unreadable attr.json at ${path}.`, { cause: error });
  }
}
