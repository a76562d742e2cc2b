import type { Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'minio';
import { freePort } from './service-process';

export interface RunningS3rver {
  /** `http://127.0.0.1:<port>`, for `createS3FileSystem({ endpoint })`. */
  endpoint: string;
  accessKey: string;
  secretKey: string;
  /** Created at start; tests that need another bucket may create it. */
  bucket: string;
  stop(): Promise<void>;
}

// s3rver ships no type declarations: this is the part of its API the helper uses.
interface ListOptions {
  delimiter?: string;
  prefix?: string;
  maxKeys?: number;
  startAfter?: string;
}
interface ListResult {
  objects: { key: string }[];
  commonPrefixes: string[];
  isTruncated: boolean;
}
interface S3rverStore {
  listObjects(bucket: string, options: ListOptions): Promise<ListResult>;
}
interface S3rverInstance {
  httpServer?: Server;
  store: S3rverStore;
  run(): Promise<unknown>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string }[];
}) => S3rverInstance;

// s3rver accepts only these credentials (it checks request signatures against them).
const CREDENTIALS = 'S3RVER';

/**
 * s3rver 3.7.1 only reports a common prefix when an object sits directly below it (its directory
 * walk prunes deeper levels), so `2025/` is missing from a delimited listing of `2025/01/01/00/x`.
 * Real S3 reports it: list everything under the prefix and derive the common prefixes here.
 */
function reportDeepCommonPrefixes(store: S3rverStore): void {
  const listObjects = store.listObjects.bind(store);
  store.listObjects = async (bucket, options) => {
    const { delimiter = '', prefix = '', maxKeys = Infinity } = options;
    if (delimiter === '') {
      return listObjects(bucket, options);
    }
    const all = await listObjects(bucket, { ...options, delimiter: '', maxKeys: Infinity });
    const commonPrefixes = new Set<string>();
    const objects: { key: string }[] = [];
    for (const object of all.objects) {
      const at = object.key.indexOf(delimiter, prefix.length);
      if (at !== -1) {
        commonPrefixes.add(object.key.slice(0, at + delimiter.length));
      } else {
        objects.push(object);
      }
    }
    return {
      objects: objects.slice(0, maxKeys),
      commonPrefixes: [...commonPrefixes].sort(),
      isTruncated: objects.length > maxKeys,
    };
  };
}

/** A plain minio client of the fake server, for tests that look at or tamper with its objects. */
export function s3ClientFor(server: Pick<RunningS3rver, 'endpoint' | 'accessKey' | 'secretKey'>): Client {
  const url = new URL(server.endpoint);
  return new Client({
    endPoint: url.hostname,
    port: Number(url.port),
    useSSL: false,
    accessKey: server.accessKey,
    secretKey: server.secretKey,
    region: 'us-east-1',
    pathStyle: true,
  });
}

/** An in-process fake S3 server on a free port, storing its objects in a fresh temp directory. */
export async function startS3rver(): Promise<RunningS3rver> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const directory = await mkdtemp(path.join(tmpdir(), 'artstore-s3rver-'));
  const port = await freePort();
  const bucket = 'artstore-test';
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket }],
  });
  reportDeepCommonPrefixes(server.store);
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKey: CREDENTIALS,
    secretKey: CREDENTIALS,
    bucket,
    stop: async () => {
      // Clients keep idle sockets alive; close() alone would wait for them.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
