import type { FileMetadata } from '@artstore/contracts';
import { fileMetadataSchema } from '../dto/file-metadata.schemas';

const METADATA_FIELDS = Object.keys(fileMetadataSchema.shape);

/**
 * A file document an element sent (its listing item or attributes), as registry metadata: the
 * attr.json fields only, valid, and naming the element that sent it. Anything else: undefined.
 */
export function listedFileMetadata(item: unknown, elementId: string): FileMetadata | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return undefined;
  }
  const record = item as Record<string, unknown>;
  const fields = Object.fromEntries(
    METADATA_FIELDS.filter((key) => key in record).map((key) => [key, record[key]]),
  );
  const parsed = fileMetadataSchema.safeParse(fields);
  return parsed.success && parsed.data.storage_element_id === elementId ? parsed.data : undefined;
}
