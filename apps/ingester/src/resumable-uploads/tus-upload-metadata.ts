import { cleanOriginalFilename } from '../uploads/filename';
import { parseUploadForm, UPLOAD_FIELDS, type UploadForm } from '../uploads/upload-form.schema';
import { UploadError } from '../uploads/upload.errors';

/** What a resumable upload's `Upload-Metadata` asks for, validated like the multipart form. */
export interface TusUploadRequest {
  form: UploadForm;
  filename: string;
  contentType: string;
  /** The client's hex sha256 of the whole file, checked before anything is stored. */
  sha256: string | null;
}

export const TUS_METADATA_KEYS = ['filename', 'filetype', ...UPLOAD_FIELDS, 'sha256'] as const;

const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Validates the decoded `Upload-Metadata` (tus gives a key without a value as null). Unknown keys
 * and bad values throw `UploadError` (`invalid_upload_form`) naming the key.
 */
export function parseTusUploadMetadata(
  metadata: Readonly<Record<string, string | null>> | undefined,
): TusUploadRequest {
  const entries = Object.entries(metadata ?? {});
  for (const [key] of entries) {
    if (!(TUS_METADATA_KEYS as readonly string[]).includes(key)) {
      throw UploadError.invalidForm(
        `Unknown Upload-Metadata key "${key}" (expected ${TUS_METADATA_KEYS.join(', ')}).`,
      );
    }
  }
  const values = new Map(entries.filter((entry): entry is [string, string] => entry[1] !== null));
  const formFields = new Map<string, string[]>();
  for (const field of UPLOAD_FIELDS) {
    const value = values.get(field);
    if (value !== undefined) {
      formFields.set(field, [value]);
    }
  }
  const filetype = values.get('filetype');
  const sha256 = values.get('sha256')?.trim().toLowerCase();
  if (sha256 !== undefined && !SHA256.test(sha256)) {
    throw UploadError.invalidForm('The Upload-Metadata key "sha256" must be 64 hex digits.');
  }
  return {
    form: parseUploadForm(formFields),
    filename: cleanOriginalFilename(values.get('filename')),
    contentType: filetype !== undefined && MEDIA_TYPE.test(filetype) ? filetype : 'application/octet-stream',
    sha256: sha256 ?? null,
  };
}
