// HTTP client side of the element benchmark: one large streamed PUT or GET at a time, and many small
// PUTs over a keep-alive pool. Bodies are generated from one repeated chunk so the client spends no CPU
// making or hashing data while a transfer is timed.
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import http from 'node:http';

/** The `Artstore-Attributes` header for a bench upload. */
export function artstoreAttributes(originalFilename) {
  const attributes = {
    original_filename: originalFilename,
    retention_policy: 'permanent',
    ttl_expires_at: null,
    description: '',
    tags: [],
    metadata: {},
    uploaded_by: 'bench',
    saga_id: null,
  };
  return Buffer.from(JSON.stringify(attributes)).toString('base64url');
}

/** sha256 (hex) of `chunk` repeated until `totalBytes`, the body `putRepeated` sends. */
export function sha256OfRepeated(chunk, totalBytes) {
  const hash = createHash('sha256');
  for (let sent = 0; sent < totalBytes; sent += chunk.length) {
    hash.update(totalBytes - sent >= chunk.length ? chunk : chunk.subarray(0, totalBytes - sent));
  }
  return hash.digest('hex');
}

function readAll(response) {
  return new Promise((resolve, reject) => {
    const parts = [];
    response.on('data', (part) => parts.push(part));
    response.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    response.on('error', reject);
  });
}

/** Streams `chunk` repeated to `totalBytes` as one PUT; resolves with status, body text and seconds. */
export function putRepeated(url, { chunk, totalBytes, headers }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, {
      method: 'PUT',
      agent: false,
      headers: { ...headers, 'content-length': totalBytes },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      readAll(response).then(
        (body) =>
          resolve({ status: response.statusCode, body, seconds: (performance.now() - started) / 1000 }),
        reject,
      );
    });
    let sent = 0;
    const writeMore = () => {
      while (sent < totalBytes) {
        const part = totalBytes - sent >= chunk.length ? chunk : chunk.subarray(0, totalBytes - sent);
        sent += part.length;
        if (!request.write(part)) {
          request.once('drain', writeMore);
          return;
        }
      }
      request.end();
    };
    writeMore();
  });
}

/**
 * One GET, read to the end; counts bytes, and hashes them only when asked (hashing 1 GiB costs the
 * client seconds of CPU that would cap both sides of a timed pair alike).
 */
export function getCounted(url, { headers = {}, hash = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { agent: false, headers }, (response) => {
      const digest = hash ? createHash('sha256') : null;
      let bytes = 0;
      let firstByteMs = null;
      response.on('data', (part) => {
        firstByteMs ??= performance.now() - started;
        bytes += part.length;
        digest?.update(part);
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode,
          headers: response.headers,
          bytes,
          sha256: digest?.digest('hex') ?? null,
          firstByteMs,
          seconds: (performance.now() - started) / 1000,
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** A small PUT over `agent`; resolves with status, body text and latency in ms. */
export function putSmall(url, { agent, body, headers }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, {
      method: 'PUT',
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

/**
 * One GET read by curl into /dev/null: a Node client spends ~10× curl's CPU per byte, which on a
 * small VM makes the client, not the server, the bottleneck of both sides. Headers go through stdin,
 * so the token is not in a process listing. Seconds are curl's own transfer time.
 */
export function getWithCurl(url, { headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const curl = spawn(
      'curl',
      ['-sS', '-o', '/dev/null', '-H', '@-', '-w', '%{http_code} %{size_download} %{time_total}', url],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    let errors = '';
    curl.stdout.on('data', (part) => (output += part));
    curl.stderr.on('data', (part) => (errors += part));
    curl.on('error', reject);
    curl.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`curl ${url}: exit ${code} ${errors}`));
        return;
      }
      const [status, bytes, seconds] = output.trim().split(' ').map(Number);
      resolve({ status, bytes, seconds });
    });
    curl.stdin.end(
      Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\n`)
        .join(''),
    );
  });
}

/** True when curl can be run (the large GET falls back to the Node client otherwise). */
export function curlAvailable() {
  return new Promise((resolve) => {
    const curl = spawn('curl', ['--version'], { stdio: 'ignore' });
    curl.on('error', () => resolve(false));
    curl.on('close', (code) => resolve(code === 0));
  });
}
