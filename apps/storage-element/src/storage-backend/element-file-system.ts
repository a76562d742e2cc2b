import { createS3FileSystem, NodeFileSystem, type FileSystem } from '@artstore/attr-wal';
import type { StorageElementConfig } from '../config/storage-element.config';

/** The element's one way to its files: the local disk, or S3 for the hour tree (WAL stays local). */
export const ELEMENT_FILE_SYSTEM = Symbol('ELEMENT_FILE_SYSTEM');

export async function createElementFileSystem(config: StorageElementConfig): Promise<FileSystem> {
  if (config.SE_BACKEND === 'fs') {
    return new NodeFileSystem();
  }
  const { SE_S3_ENDPOINT, SE_S3_BUCKET, SE_S3_ACCESS_KEY, SE_S3_SECRET_KEY } = config;
  // The config schema requires these for SE_BACKEND=s3; checked again for the type system.
  if (!SE_S3_ENDPOINT || !SE_S3_BUCKET || !SE_S3_ACCESS_KEY || !SE_S3_SECRET_KEY) {
    throw new Error(
      'SE_BACKEND=s3 needs SE_S3_ENDPOINT, SE_S3_BUCKET, SE_S3_ACCESS_KEY and SE_S3_SECRET_KEY',
    );
  }
  return createS3FileSystem({
    endpoint: SE_S3_ENDPOINT,
    bucket: SE_S3_BUCKET,
    accessKey: SE_S3_ACCESS_KEY,
    secretKey: SE_S3_SECRET_KEY,
    region: config.SE_S3_REGION,
    dataDir: config.SE_DATA_DIR,
    keyPrefix: config.SE_S3_PREFIX,
  });
}
