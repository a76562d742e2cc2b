import { randomBytes } from 'node:crypto';

/** One part of a hand-built multipart form: a text field or a file. */
export type FormPart =
  | { name: string; value: string }
  | { name: string; filename: string; contentType?: string; content: Uint8Array | AsyncIterable<Uint8Array> };

/** What `postUpload` sends besides the parts. */
export interface UploadRequestOptions {
  idempotencyKey?: string;
  /** Overrides the Content-Length header (only for fully buffered forms). */
  contentLength?: number;
}

function partHeader(boundary: string, part: FormPart): Buffer {
  const disposition =
    'filename' in part
      ? `form-data; name="${part.name}"; filename="${part.filename.replace(/"/g, '%22')}"`
      : `form-data; name="${part.name}"`;
  const type =
    'filename' in part ? `\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}` : '';
  return Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`);
}

async function* formChunks(boundary: string, parts: readonly FormPart[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    yield partHeader(boundary, part);
    if ('value' in part) {
      yield Buffer.from(part.value);
    } else if (part.content instanceof Uint8Array) {
      yield part.content;
    } else {
      yield* part.content;
    }
    yield Buffer.from('\r\n');
  }
  yield Buffer.from(`--${boundary}--\r\n`);
}

const isBuffered = (parts: readonly FormPart[]): boolean =>
  parts.every((part) => 'value' in part || part.content instanceof Uint8Array);

/**
 * POSTs a multipart form in exactly the given part order (so tests can put fields after the file).
 * Buffered forms are sent with Content-Length; a streamed file part is sent chunked.
 */
export async function postUpload(
  ingesterUrl: string,
  token: string,
  parts: readonly FormPart[],
  options: UploadRequestOptions = {},
): Promise<Response> {
  const boundary = `artstore-${randomBytes(8).toString('hex')}`;
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': `multipart/form-data; boundary=${boundary}`,
    ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
  };
  const url = `${ingesterUrl}/api/v1/files/upload`;
  if (isBuffered(parts)) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of formChunks(boundary, parts)) {
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks);
    if (options.contentLength !== undefined) {
      headers['content-length'] = String(options.contentLength);
    }
    return fetch(url, { method: 'POST', headers, body });
  }
  return fetch(url, {
    method: 'POST',
    headers,
    body: ReadableStream.from(formChunks(boundary, parts)),
    duplex: 'half',
  });
}

/** Deterministic pseudo-random bytes, generated chunk by chunk (never all in memory). */
export async function* generatedBytes(
  totalBytes: number,
  options: { chunkBytes?: number; delayMs?: number; seed?: number } = {},
): AsyncGenerator<Uint8Array> {
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  let state = options.seed ?? 1;
  for (let sent = 0; sent < totalBytes; sent += chunkBytes) {
    const length = Math.min(chunkBytes, totalBytes - sent);
    const words = Buffer.allocUnsafe(Math.ceil(length / 4) * 4);
    for (let i = 0; i < words.length; i += 4) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      words.writeUInt32LE(state, i);
    }
    const chunk = words.subarray(0, length);
    if (options.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    }
    yield chunk;
  }
}
