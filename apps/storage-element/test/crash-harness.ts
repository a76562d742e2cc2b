import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { ATTR_SUFFIX, TEMP_PREFIX, TRASH_PREFIX } from '@artstore/attr-wal';
import type { AttrJson } from '@artstore/contracts';
import {
  buildTestBundle,
  createTestDatabase,
  freePort,
  startTestIssuer,
  testBundlePath,
  testInfra,
  waitForOk,
  workspaceRoot,
  type TestDatabase,
  type TestIssuer,
} from '@artstore/testing';

const APP = 'storage-element';
/** The test build: the only bundle in which `SE_FAILPOINT` works (tools/build/build-app.mjs). */
const TEST_BUNDLE = testBundlePath(APP);
const REQUEST_TIMEOUT_MS = 10_000;
const READY_TIMEOUT_MS = 30_000;
const OUTPUT_TAIL_CHARS = 20_000;

export type ProcessExit = { code: number | null; signal: NodeJS.Signals | null };

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Builds dist/test/apps/storage-element (failpoints compiled in). */
export function buildElementTestBundle(): Promise<void> {
  return buildTestBundle(APP);
}

/** One run of the element process; a crash ends it, the data directory and database outlive it. */
export class ElementProcess {
  readonly exited: Promise<ProcessExit>;
  private outputTail = '';

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.outputTail = (this.outputTail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static async spawn(env: Record<string, string>): Promise<ElementProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [TEST_BUNDLE], {
      cwd: workspaceRoot,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...env,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const element = new ElementProcess(`http://127.0.0.1:${port}`, child);
    try {
      await waitForOk(`${element.url}/health/ready`, READY_TIMEOUT_MS, () => element.output());
    } catch (error) {
      await element.kill();
      throw error;
    }
    return element;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.outputTail;
  }

  /** kill -9, as a power cut or the OOM killer would. */
  kill(): Promise<ProcessExit> {
    if (this.running) {
      this.child.kill('SIGKILL');
    }
    return this.exited;
  }
}

export interface FileOnDisk {
  attributes: AttrJson;
  /** null when attr.json has no data file beside it. */
  dataSha256: string | null;
  dataBytes: number | null;
}

/** What the element's file tree (`YYYY/MM/DD/HH`) holds, read directly from disk. */
export interface DiskState {
  files: Map<string, FileOnDisk>;
  /** Data files without an attr.json: an uncommitted create left behind. */
  dataWithoutAttributes: string[];
  /** `.tmp-*` and `.trash-*` names. */
  leftovers: string[];
  /** Every file of the tree, relative path → sha256, to prove a restart changes nothing. */
  fingerprint: Record<string, string>;
}

async function subdirectories(directory: string, pattern: RegExp): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && pattern.test(entry.name))
    .map((entry) => entry.name);
}

async function hourDirectories(root: string): Promise<string[]> {
  const hours: string[] = [];
  for (const year of await subdirectories(root, /^\d{4}$/)) {
    for (const month of await subdirectories(path.join(root, year), /^\d{2}$/)) {
      for (const day of await subdirectories(path.join(root, year, month), /^\d{2}$/)) {
        for (const hour of await subdirectories(path.join(root, year, month, day), /^\d{2}$/)) {
          hours.push(path.join(root, year, month, day, hour));
        }
      }
    }
  }
  return hours;
}

export async function readDiskState(root: string): Promise<DiskState> {
  const state: DiskState = { files: new Map(), dataWithoutAttributes: [], leftovers: [], fingerprint: {} };
  const data = new Map<string, Buffer>();
  for (const directory of await hourDirectories(root)) {
    for (const name of await readdir(directory)) {
      const bytes = await readFile(path.join(directory, name));
      state.fingerprint[path.relative(root, path.join(directory, name))] = sha256Of(bytes);
      if (name.startsWith(TEMP_PREFIX) || name.startsWith(TRASH_PREFIX)) {
        state.leftovers.push(name);
      } else if (name.endsWith(ATTR_SUFFIX)) {
        const attributes = JSON.parse(bytes.toString('utf8')) as AttrJson;
        state.files.set(attributes.file_id, { attributes, dataSha256: null, dataBytes: null });
      } else {
        data.set(name, bytes);
      }
    }
  }
  for (const [fileId, bytes] of data) {
    const file = state.files.get(fileId);
    if (file) {
      file.dataSha256 = sha256Of(bytes);
      file.dataBytes = bytes.byteLength;
    } else {
      state.dataWithoutAttributes.push(fileId);
    }
  }
  return state;
}

/** Transactions of the WAL with an intent but neither commit nor abort (torn lines skipped). */
export async function openWalTransactions(root: string): Promise<string[]> {
  const walDirectory = path.join(root, 'wal');
  const open = new Set<string>();
  for (const segment of (await readdir(walDirectory).catch(() => [])).sort()) {
    const text = await readFile(path.join(walDirectory, segment), 'utf8');
    for (const line of text.split('\n')) {
      let record: { tx?: string; phase?: string } | undefined;
      try {
        record = (JSON.parse(line) as { record?: { tx?: string; phase?: string } }).record;
      } catch {
        continue;
      }
      if (record?.tx && record.phase === 'intent') {
        open.add(record.tx);
      } else if (record?.tx) {
        open.delete(record.tx);
      }
    }
  }
  return [...open];
}

export interface ElementSnapshot {
  disk: DiskState;
  listing: AttrJson[];
  info: { file_count: number; used_bytes: number };
}

/**
 * One storage element (one database, one data directory, one Redis prefix) that the tests start,
 * crash and restart as a real process.
 */
export class CrashTestElement {
  current: ElementProcess | undefined;
  readonly token: string;

  private constructor(
    private readonly database: TestDatabase,
    private readonly issuer: TestIssuer,
    readonly dataDir: string,
  ) {
    this.token = issuer.mint({ role: 'admin' });
  }

  static async create(label: string): Promise<CrashTestElement> {
    const issuer = await startTestIssuer();
    const database = await createTestDatabase(`se_${label}`);
    return new CrashTestElement(database, issuer, mkdtempSync(path.join(tmpdir(), `artstore-${label}-`)));
  }

  private env(extra: Record<string, string>): Record<string, string> {
    return {
      SE_ID: 'se-crash',
      SE_MODE: 'edit',
      SE_CAPACITY_BYTES: String(1024 ** 3),
      SE_DATA_DIR: this.dataDir,
      // The scrub re-reads every file; keep it out of the way of the crashes.
      SE_SCRUB_INTERVAL_MS: '0',
      DATABASE_URL: this.database.url,
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: `test:${this.database.name}:`,
      ARTSTORE_ISSUER: this.issuer.issuer,
      ARTSTORE_ADMIN_URL: this.issuer.issuer,
      ARTSTORE_JWKS_URL: this.issuer.jwksUrl,
      // Hundreds of uploads per minute from one client are the point here, not abuse.
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_BURST: '1000000',
      TOKEN_RATE_LIMIT_PER_MINUTE: '1000000',
      TOKEN_RATE_LIMIT_BURST: '1000000',
      ...extra,
    };
  }

  /** Starts the element (recovery runs before it listens) and waits until it is ready. */
  async start(extraEnv: Record<string, string> = {}): Promise<ElementProcess> {
    if (this.current?.running) {
      throw new Error('the element is already running');
    }
    this.current = await ElementProcess.spawn(this.env(extraEnv));
    return this.current;
  }

  async restart(): Promise<ElementProcess> {
    await this.current?.kill();
    return this.start();
  }

  private get url(): string {
    if (!this.current?.running) {
      throw new Error('the element is not running');
    }
    return this.current.url;
  }

  private request(route: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.url}${route}`, {
      ...init,
      headers: { authorization: `Bearer ${this.token}`, ...init.headers },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  }

  upload(fileId: string, bytes: Buffer): Promise<Response> {
    const attributes = { original_filename: `${fileId}.bin`, retention_policy: 'permanent' };
    return this.request(`/api/v1/files/${fileId}`, {
      method: 'PUT',
      body: bytes,
      headers: {
        'content-type': 'application/octet-stream',
        'artstore-attributes': Buffer.from(JSON.stringify(attributes)).toString('base64url'),
      },
    });
  }

  /** Uploads and insists on the 201 (for files the test relies on). */
  async store(fileId: string, bytes: Buffer): Promise<AttrJson> {
    const response = await this.upload(fileId, bytes);
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as AttrJson;
  }

  /** The bytes the element serves, or null on 404. */
  async download(fileId: string): Promise<Buffer | null> {
    const response = await this.request(`/api/v1/files/${fileId}`);
    if (response.status === 404) {
      return null;
    }
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  describe(fileId: string, description: string): Promise<Response> {
    return this.request(`/api/v1/files/${fileId}/attributes`, {
      method: 'PATCH',
      body: JSON.stringify({ description }),
      headers: { 'content-type': 'application/json' },
    });
  }

  remove(fileId: string): Promise<Response> {
    return this.request(`/api/v1/files/${fileId}`, { method: 'DELETE' });
  }

  /** Every row of the database cache, through the keyset-paginated listing. */
  async listing(): Promise<AttrJson[]> {
    const items: AttrJson[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const response = await this.request(`/api/v1/files?limit=1000${query}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: AttrJson[]; next_cursor: string | null };
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor !== null);
    return items;
  }

  async snapshot(): Promise<ElementSnapshot> {
    const response = await fetch(`${this.url}/api/v1/info`, {
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const info = (await response.json()) as ElementSnapshot['info'];
    return {
      disk: await readDiskState(this.dataDir),
      listing: await this.listing(),
      info: { file_count: info.file_count, used_bytes: info.used_bytes },
    };
  }

  /**
   * SPEC §4 invariants after recovery: every file on disk is committed and whole, nothing temporary
   * or hidden is left, no transaction is open, and the cache (listing, info) matches the disk.
   */
  async expectConsistent(): Promise<ElementSnapshot> {
    const snapshot = await this.snapshot();
    const { disk } = snapshot;
    expect(disk.leftovers).toEqual([]);
    expect(disk.dataWithoutAttributes).toEqual([]);
    expect(await openWalTransactions(this.dataDir)).toEqual([]);
    for (const [fileId, file] of disk.files) {
      expect({ fileId, sha256: file.dataSha256, bytes: file.dataBytes }).toEqual({
        fileId,
        sha256: file.attributes.sha256,
        bytes: file.attributes.size_bytes,
      });
    }
    const onDisk = [...disk.files.values()].map((file) => file.attributes);
    const byId = (a: AttrJson, b: AttrJson) => a.file_id.localeCompare(b.file_id);
    expect([...snapshot.listing].sort(byId)).toEqual(onDisk.sort(byId));
    expect(snapshot.info).toEqual({
      file_count: onDisk.length,
      used_bytes: onDisk.reduce((sum, attributes) => sum + attributes.size_bytes, 0),
    });
    return snapshot;
  }

  /** Each file served byte for byte as acknowledged (sha256 of what the client sent). */
  async expectServed(acknowledged: ReadonlyMap<string, string>): Promise<void> {
    for (const [fileId, sha256] of acknowledged) {
      const bytes = await this.download(fileId);
      expect({ fileId, sha256: bytes && sha256Of(bytes) }).toEqual({ fileId, sha256 });
    }
  }

  async close(): Promise<void> {
    await this.current?.kill();
    await this.issuer.stop();
    await this.database.drop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
