// C0, DEL and C1 controls, plus the bidi overrides that make a name display as something else.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const MAX_LENGTH = 4096;

/**
 * The client's filename as metadata: kept as given (path separators included: it never becomes a
 * path), minus control characters; `upload` when nothing is left.
 */
export function cleanOriginalFilename(name: string | undefined): string {
  const cleaned = (name ?? '').replace(UNSAFE, '').trim().slice(0, MAX_LENGTH);
  return cleaned === '' ? 'upload' : cleaned;
}
