// Client side of the ingest benchmark: the multipart form the ingester takes and the raw PUT the
// element takes, for the same bytes. Large bodies stream from a file on disk (never held in memory);
// small ones are prebuilt buffers sent over a keep-alive pool.
import { Buffer } from 'node:buffer';
import { createReadStream } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';

const DAY_MS = 86_400_000;
const READ_CHUNK_BYTES = 1024 * 1024;

/** The form fields every bench upload sends before its file part (SPEC §6's defaults spelled out). */
export const FORM_FIELDS = [
  ['description', 'ingest bench'],
  ['retention_policy', 'temporary'],
  ['ttl_days', '30'],
];

/**
 * `Artstore-Attributes` for a direct element PUT: what the ingester sends for the form above
 * (temporary, 30-day TTL), so both sides ask the element for the same work.
 */
export function elementAttributes(filename, uploadedBy) {
  const attributes = {
    original_filename: filename,
    retention_policy: 'temporary',
    ttl_expires_at: new Date(Date.now() + 30 * DAY_MS).toISOString(),
    description: 'ingest bench',
    tags: [],
    metadata: {},
    uploaded_by: uploadedBy,
    saga_id: null,
  };
  return Buffer.from(JSON.stringify(attributes)).toString('base64url');
}

/** The bytes of a multipart form around a file part: `head` + file + `tail`. */
export function multipartFrame(boundary, filename) {
  const fields = FORM_FIELDS.map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  ).join('');
  const head = Buffer.from(
    `${fields}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { head, tail, contentType: `multipart/form-data; boundary=${boundary}` };
}

function readAll(response) {
  return new Promise((resolve, reject) => {
    const parts = [];
    response.on('data', (part) => parts.push(part));
    response.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    response.on('error', reject);
  });
}

/**
 * One request whose body is `head` + the file at `filePath` (streamed) + `tail`, with a
 * Content-Length. Resolves with status, answer text and seconds from the first byte sent to the
 * last byte of the answer.
 */
export function sendFile(
  url,
  { method, headers, filePath, sizeBytes, head = Buffer.alloc(0), tail = Buffer.alloc(0) },
) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, {
      method,
      agent: false,
      headers: { ...headers, 'content-length': head.length + sizeBytes + tail.length },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      readAll(response).then(
        (body) =>
          resolve({ status: response.statusCode, body, seconds: (performance.now() - started) / 1000 }),
        reject,
      );
    });
    if (head.length > 0) {
      request.write(head);
    }
    pipeline(createReadStream(filePath, { highWaterMark: READ_CHUNK_BYTES }), request, { end: false }).then(
      () => request.end(tail),
      (error) => {
        request.destroy(error);
        reject(error);
      },
    );
  });
}

/** A small request with a prebuilt body over `agent`; resolves with status, answer text and ms. */
export function sendSmall(url, { method, agent, body, headers }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, {
      method,
      agent,
      headers: { ...headers, 'content-length': body.length },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      readAll(response).then(
        (text) => resolve({ status: response.statusCode, body: text, ms: performance.now() - started }),
        reject,
      );
    });
    request.end(body);
  });
}
