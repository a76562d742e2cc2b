import { randomUUID } from 'node:crypto';
import { s3ClientFor, startS3rver, type RunningS3rver } from '@artstore/testing';
import type { BucketItem, Client } from 'minio';
import { createS3FileSystem } from '../fs/create-s3-file-system';
import type { S3FileSystem } from '../fs/s3-file-system';
import { aDataDir, listFiles } from './attr-wal.fixtures';

export type { RunningS3rver };
export type S3Server = Omit<RunningS3rver, 'stop'>;

/** s3rver in this process, with a bucket; stop it in afterAll. */
export function startS3Server(): Promise<RunningS3rver> {
  return startS3rver();
}

export interface S3Backend {
  dataDir: string;
  /** Unique per backend, so tests sharing one server and bucket never see each other's objects. */
  keyPrefix: string;
  fileSystem: S3FileSystem;
  /** Another adapter on the same data directory and keys, as after a restart of the element. */
  reopen(): Promise<S3FileSystem>;
  /** A plain client on the same bucket, to look at the objects behind the adapter's back. */
  client: Client;
  bucket: string;
  /** Object keys relative to the key prefix, sorted. */
  listObjectKeys(): Promise<string[]>;
  /** Every stored file, local (WAL excluded) or in S3, as paths relative to the data directory. */
  listStoredFiles(): Promise<string[]>;
  cleanup(): Promise<void>;
}

export function aPlainClient(server: S3Server): Client {
  return s3ClientFor(server);
}

export async function anS3Backend(server: S3Server): Promise<S3Backend> {
  const { dir, cleanup } = await aDataDir();
  const keyPrefix = `element-${randomUUID()}/`;
  const opened: S3FileSystem[] = [];
  const reopen = async (): Promise<S3FileSystem> => {
    const fileSystem = await createS3FileSystem({ ...server, region: 'us-east-1', dataDir: dir, keyPrefix });
    opened.push(fileSystem);
    return fileSystem;
  };
  const fileSystem = await reopen();
  const client = aPlainClient(server);
  const listObjectKeys = async (): Promise<string[]> => {
    const keys: string[] = [];
    const listing = client.listObjectsV2(server.bucket, keyPrefix, true) as AsyncIterable<BucketItem>;
    for await (const item of listing) {
      if (item.name !== undefined) {
        keys.push(item.name.slice(keyPrefix.length));
      }
    }
    return keys.sort();
  };
  return {
    dataDir: dir,
    keyPrefix,
    fileSystem,
    reopen,
    client,
    bucket: server.bucket,
    listObjectKeys,
    listStoredFiles: async () => [...(await listFiles(dir)), ...(await listObjectKeys())].sort(),
    cleanup: async () => {
      await Promise.all(opened.map((opener) => opener.close()));
      await cleanup();
    },
  };
}
