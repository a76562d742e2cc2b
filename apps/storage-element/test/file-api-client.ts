import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { AttrJson, Page, Role, StorageElementInfo } from '@artstore/contracts';
import type { RunningTestService, ServiceUnderTest, TestIssuer } from '@artstore/testing';
import { storageElementEnvSchema, type StorageElementConfig } from '../src/config/storage-element.config';
import { storageElementService } from '../src/storage-element.service';

export const PROBLEM_JSON = /^application\/problem\+json/;

/** A storage element for these suites: its env is fixed up front so a restart reuses it. */
export function anElement(env: Record<string, string>): ServiceUnderTest<StorageElementConfig> {
  return {
    app: 'storage-element',
    definition: storageElementService,
    schema: storageElementEnvSchema,
    env: () => ({
      SE_MODE: 'edit',
      SE_CAPACITY_BYTES: String(64 * 1024 ** 2),
      // These suites are about files, not rate limits: one client makes a few hundred requests a minute.
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_BURST: '100000',
      ...env,
    }),
    requiredVariables: [],
    usesRemoteJwks: true,
  };
}

/** `<fresh temp dir>/data`: the parent is ours too, so tests can check nothing lands beside it. */
export function aDataDirectory(prefix = 'artstore-se-files-'): { parent: string; dataDir: string } {
  const parent = mkdtempSync(path.join(tmpdir(), prefix));
  return { parent, dataDir: path.join(parent, 'data') };
}

export interface NewFileHeader {
  original_filename?: string;
  retention_policy?: string;
  ttl_expires_at?: string | null;
  description?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
  uploaded_by?: string;
  saga_id?: string | null;
  [field: string]: unknown;
}

export function encodeAttributesHeader(attributes: NewFileHeader): string {
  return Buffer.from(JSON.stringify(attributes), 'utf8').toString('base64url');
}

export const someAttributes = (overrides: NewFileHeader = {}): NewFileHeader => ({
  original_filename: 'scan.tiff',
  retention_policy: 'permanent',
  description: 'a scan',
  tags: ['scan'],
  metadata: { dpi: 600 },
  ...overrides,
});

export interface PutOptions {
  attributes?: NewFileHeader;
  /** The raw header, when a test needs a malformed one. */
  attributesHeader?: string;
  contentType?: string;
  headers?: Record<string, string>;
  role?: Role | null;
}

/** The file API of one running element, as a client with a token of `role` calls it. */
export class FileApiClient {
  constructor(
    private readonly service: () => RunningTestService,
    private readonly issuer: TestIssuer,
    private readonly role: Role = 'user',
  ) {}

  get url(): string {
    return this.service().url;
  }

  authorization(role: Role | null = this.role): Record<string, string> {
    return role === null ? {} : { authorization: `Bearer ${this.issuer.mint({ role })}` };
  }

  fileUrl(fileId: string, suffix = ''): string {
    return `${this.url}/api/v1/files/${fileId}${suffix}`;
  }

  put(fileId: string, body: Buffer | string, options: PutOptions = {}): Promise<Response> {
    return fetch(this.fileUrl(fileId), {
      method: 'PUT',
      headers: {
        ...this.authorization(options.role),
        'content-type': options.contentType ?? 'application/octet-stream',
        'artstore-attributes':
          options.attributesHeader ?? encodeAttributesHeader(options.attributes ?? someAttributes()),
        ...options.headers,
      },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  }

  /** PUT that must answer 201; returns the stored attributes. */
  async create(fileId: string, body: Buffer | string, options: PutOptions = {}): Promise<AttrJson> {
    const response = await this.put(fileId, body, options);
    const text = await response.text();
    expect(response.status, text).toBe(201);
    return JSON.parse(text) as AttrJson;
  }

  get(fileId: string, headers: Record<string, string> = {}, role?: Role | null): Promise<Response> {
    return fetch(this.fileUrl(fileId), { headers: { ...this.authorization(role), ...headers } });
  }

  head(fileId: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(this.fileUrl(fileId), { method: 'HEAD', headers: { ...this.authorization(), ...headers } });
  }

  attributes(fileId: string): Promise<Response> {
    return fetch(this.fileUrl(fileId, '/attributes'), { headers: this.authorization() });
  }

  /** The attributes, or undefined on 404. */
  async attributesOrUndefined(fileId: string): Promise<AttrJson | undefined> {
    const response = await this.attributes(fileId);
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    expect(response.status).toBe(200);
    return (await response.json()) as AttrJson;
  }

  patch(fileId: string, body: unknown): Promise<Response> {
    return fetch(this.fileUrl(fileId, '/attributes'), {
      method: 'PATCH',
      headers: { ...this.authorization(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  delete(fileId: string, sagaId?: string): Promise<Response> {
    const query = sagaId === undefined ? '' : `?saga_id=${encodeURIComponent(sagaId)}`;
    return fetch(`${this.fileUrl(fileId)}${query}`, {
      method: 'DELETE',
      headers: this.authorization('admin'),
    });
  }

  list(query: string): Promise<Response> {
    return fetch(`${this.url}/api/v1/files?${query}`, { headers: this.authorization() });
  }

  /** Every page of the listing with `limit`, in order. */
  async listAll(limit: number): Promise<{ items: AttrJson[]; pages: number }> {
    const items: AttrJson[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const response = await this.list(query);
      expect(response.status).toBe(200);
      const page = (await response.json()) as Page<AttrJson>;
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.next_cursor;
      pages += 1;
      expect(pages).toBeLessThan(1000);
    } while (cursor !== null);
    return { items, pages };
  }

  async info(): Promise<StorageElementInfo> {
    const response = await fetch(`${this.url}/api/v1/info`);
    expect(response.status).toBe(200);
    return (await response.json()) as StorageElementInfo;
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id: string;
}

export async function expectProblem(response: Response, status: number, code: string): Promise<Problem> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(PROBLEM_JSON);
  const problem = JSON.parse(text) as Problem;
  expect(problem).toMatchObject({ status, code });
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return problem;
}

/** Every file under `root`, relative, sorted; `[]` when it does not exist. */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Files of the hour tree (`YYYY/MM/DD/HH/...`), temp and trash files included. */
export async function hourTreeFiles(dataDir: string): Promise<string[]> {
  return (await filesUnder(dataDir)).filter((file) => /^\d{4}[/\\]/.test(file));
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Sends the request headers only (a declared Content-Length, no body) and resolves with the answer the
 * server gives before any byte of the body arrived; rejects when none comes within `timeoutMs`.
 */
export function answerBeforeBody(
  url: string,
  headers: Record<string, string>,
  timeoutMs = 5_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'PUT', headers });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error('no answer before the body was sent'));
    }, timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        clearTimeout(timer);
        request.destroy();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
      });
    });
    request.flushHeaders();
  });
}

/**
 * Streams `chunks` with chunked transfer encoding, a little at a time, and stops writing as soon as
 * the server answers (it may answer before the end, e.g. 507). Write errors after the answer are expected.
 */
export function putChunked(
  url: string,
  headers: Record<string, string>,
  chunks: readonly Buffer[],
): Promise<RawResponse & { chunksSent: number }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let chunksSent = 0;
    const request = http.request(url, {
      method: 'PUT',
      headers: { ...headers, 'transfer-encoding': 'chunked' },
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) {
        return;
      }
      // A server refusing mid-body closes the connection; the write may fail before its answer is read
      // (the S3 backend answers after its rollback, over a second later on a busy machine).
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') {
        setTimeout(() => (answered ? undefined : reject(error)), 5_000);
        return;
      }
      reject(error);
    });
    request.on('response', (response) => {
      answered = true;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, chunksSent });
      });
    });
    const writeNext = (): void => {
      if (answered || request.destroyed) {
        return;
      }
      const chunk = chunks[chunksSent];
      if (chunk === undefined) {
        request.end();
        return;
      }
      chunksSent += 1;
      request.write(chunk, () => setTimeout(writeNext, 5));
    };
    writeNext();
  });
}

/**
 * Response headers minus those that differ per request by design, and the hop-by-hop connection
 * headers (undici asks for `connection: close` on every HEAD, so the server rightly answers close).
 */
export function comparableHeaders(response: Response): Record<string, string> {
  const ignored =
    /^(date|x-request-id|ratelimit.*|x-ratelimit.*|retry-after|traceparent|tracestate|connection|keep-alive)$/;
  return Object.fromEntries([...response.headers].filter(([name]) => !ignored.test(name)));
}
