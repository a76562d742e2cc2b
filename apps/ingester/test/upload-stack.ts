import { createHash } from 'node:crypto';
import pg from 'pg';
import type { AttrJson, FileMetadata, Page } from '@artstore/contracts';
import {
  AdminProcess,
  startServiceUnderTest,
  StorageElementProcess,
  waitFor,
  type RunningTestService,
  type StorageElementProcessOptions,
} from '@artstore/testing';
import { ingester } from './ingester-under-test';

/** A real admin, real storage element processes and the ingester under test in this process. */
export interface UploadStack {
  admin: AdminProcess;
  elements: StorageElementProcess[];
  ingester: RunningTestService;
  /** The bootstrap admin's token: files:write for uploads, files:read on the elements. */
  token: string;
  /** Starts another ingester against the same admin and elements (e.g. with other limits). */
  startIngester(env?: Record<string, string>): Promise<RunningTestService>;
  close(): Promise<void>;
}

export type ElementSpec = Omit<StorageElementProcessOptions, 'adminUrl' | 'clientSecret'>;

/**
 * Starts the stack. With `discovery: 'admin'` the elements register with the admin and the
 * ingester follows the configuration the admin publishes (capacity included); with `'static'` the
 * ingester gets them through `ARTSTORE_STORAGE_ELEMENTS`.
 */
export async function startUploadStack(options: {
  elements: ElementSpec[];
  discovery?: 'admin' | 'static';
  ingesterEnv?: Record<string, string>;
  adminEnv?: Record<string, string>;
}): Promise<UploadStack> {
  const admin = await AdminProcess.start({ ELEMENT_POLL_INTERVAL_MS: '300', ...options.adminEnv });
  const fromAdmin = options.discovery === 'admin';
  const elements = await Promise.all(
    options.elements.map((spec) =>
      StorageElementProcess.start({
        ...spec,
        adminUrl: admin.url,
        ...(fromAdmin ? { clientSecret: admin.serviceSecrets.storage } : {}),
      }),
    ),
  );
  const started: RunningTestService[] = [];
  const startIngester = async (env: Record<string, string> = {}): Promise<RunningTestService> => {
    const service = await startServiceUnderTest(ingester, {
      env: {
        ARTSTORE_ADMIN_URL: admin.url,
        ARTSTORE_ISSUER: admin.url,
        ARTSTORE_JWKS_URL: `${admin.url}/.well-known/jwks.json`,
        ARTSTORE_CLIENT_SECRET: admin.serviceSecrets.ingester,
        SAGA_RECOVERY_INTERVAL_MS: '200',
        SAGA_LEASE_MS: '2000',
        ...(fromAdmin
          ? { REDIS_KEY_PREFIX: admin.redisKeyPrefix }
          : { ARTSTORE_STORAGE_ELEMENTS: elements.map((element) => element.staticEntry).join(',') }),
        ...options.ingesterEnv,
        ...env,
      },
    });
    started.push(service);
    if (fromAdmin) {
      await waitFor(async () => (await knownElements(service)) === elements.length, 20_000, 100);
    }
    return service;
  };
  const service = await startIngester();
  return {
    admin,
    elements,
    ingester: service,
    token: await admin.token(),
    startIngester,
    close: async () => {
      await Promise.allSettled(started.map((running) => running.close()));
      await Promise.allSettled(elements.map((element) => element.remove()));
      await admin.remove();
    },
  };
}

async function knownElements(service: RunningTestService): Promise<number | undefined> {
  const ready = (await (await fetch(`${service.url}/health/ready`)).json()) as {
    details?: { storage_elements?: { elements?: number; source?: string } };
  };
  const details = ready.details?.storage_elements;
  return details?.source === 'redis' ? details.elements : undefined;
}

/** Every file an element holds (its keyset listing, all pages). */
export async function filesOn(element: StorageElementProcess, token: string): Promise<AttrJson[]> {
  const files: AttrJson[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const response = await fetch(`${element.url}/api/v1/files?limit=1000${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) {
      throw new Error(`listing ${element.id}: ${response.status} ${await response.text()}`);
    }
    const page = (await response.json()) as Page<AttrJson>;
    files.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return files;
}

/** sha256 and size of a file's bytes as the element serves them. */
export async function readBack(
  element: StorageElementProcess,
  fileId: string,
  token: string,
): Promise<{ sha256: string; size: number }> {
  const response = await fetch(`${element.url}/api/v1/files/${fileId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200 || !response.body) {
    throw new Error(`download from ${element.id}: ${response.status}`);
  }
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Rows of the ingester's `sagas` table. */
export async function uploadSagas(
  service: RunningTestService,
): Promise<{ id: string; status: string; step_index: number }[]> {
  const client = new pg.Client({ connectionString: service.database.url });
  await client.connect();
  try {
    const result = await client.query<{ id: string; status: string; step_index: number }>(
      `SELECT id, status, step_index FROM sagas WHERE type = 'ingester.upload' ORDER BY created_at`,
    );
    return result.rows;
  } finally {
    await client.end();
  }
}

/** Ids of the files the admin's registry lists for an element (first 1000). */
export async function registeredOn(stack: UploadStack, elementId: string): Promise<string[]> {
  const response = await fetch(`${stack.admin.url}/api/v1/files?storage_element_id=${elementId}&limit=1000`, {
    headers: { authorization: `Bearer ${stack.token}` },
  });
  if (response.status !== 200) {
    throw new Error(`registry listing: ${response.status} ${await response.text()}`);
  }
  return ((await response.json()) as Page<{ file_id: string }>).items.map((file) => file.file_id);
}

/** Whether the admin's registry holds the file (GET 200) or not (404). */
export async function isRegistered(stack: UploadStack, fileId: string): Promise<boolean> {
  const response = await fetch(`${stack.admin.url}/api/v1/files/${fileId}`, {
    headers: { authorization: `Bearer ${stack.token}` },
  });
  if (response.status !== 200 && response.status !== 404) {
    throw new Error(`registry get: ${response.status}`);
  }
  return response.status === 200;
}

/** The admin registry's record of a file, or undefined when it is not registered. */
export async function registryRecord(stack: UploadStack, fileId: string): Promise<FileMetadata | undefined> {
  const response = await fetch(`${stack.admin.url}/api/v1/files/${fileId}`, {
    headers: { authorization: `Bearer ${stack.token}` },
  });
  if (response.status !== 200 && response.status !== 404) {
    throw new Error(`registry get: ${response.status}`);
  }
  return response.status === 200 ? ((await response.json()) as FileMetadata) : undefined;
}

/** A file's attr.json on an element, or undefined when the element does not hold it. */
export async function attributesOn(
  element: StorageElementProcess,
  fileId: string,
  token: string,
): Promise<AttrJson | undefined> {
  const response = await fetch(`${element.url}/api/v1/files/${fileId}/attributes`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200 && response.status !== 404) {
    throw new Error(`attributes on ${element.id}: ${response.status}`);
  }
  return response.status === 200 ? ((await response.json()) as AttrJson) : undefined;
}

/** Registers `file` in the admin's registry directly (as a saga's register step would). */
export async function registerDirectly(stack: UploadStack, file: FileMetadata): Promise<void> {
  const response = await fetch(`${stack.admin.url}/api/v1/files/${file.file_id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(file),
  });
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`registry put: ${response.status} ${await response.text()}`);
  }
}

/** attr.json reduced to the registry's FileMetadata. */
export function metadataOf(attributes: AttrJson): FileMetadata {
  const { schema_version: _schema, saga_id: _saga, ...file } = attributes;
  return file;
}

/** Status, step and log of the ingester's sagas of one type, oldest first. */
export async function sagasOfType(
  service: RunningTestService,
  type: string,
): Promise<{ id: string; status: string; step_index: number; log: { event: string }[] }[]> {
  const client = new pg.Client({ connectionString: service.database.url });
  await client.connect();
  try {
    const result = await client.query<{
      id: string;
      status: string;
      step_index: number;
      log: { event: string }[];
    }>(`SELECT id, status, step_index, log FROM sagas WHERE type = $1 ORDER BY created_at`, [type]);
    return result.rows;
  } finally {
    await client.end();
  }
}
