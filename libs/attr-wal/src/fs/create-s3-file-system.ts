import * as http from 'node:http';
import * as https from 'node:https';
import { Client } from 'minio';
import { DEFAULT_S3_REQUEST_TIMEOUT_MS, idleTimeoutTransport, withDeadline } from './s3-deadlines';
import { S3FileSystem } from './s3-file-system';
import { toS3StorageError } from './s3-storage.error';

export interface CreateS3FileSystemOptions {
  /** `SE_S3_ENDPOINT`, e.g. `https://s3.eu-central-1.amazonaws.com` or `http://minio:9000`. */
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** The element's data directory: WAL and temp files stay there, on the local disk. */
  dataDir: string;
  /** Prepended to every object key, so several elements can share a bucket. */
  keyPrefix?: string;
  /**
   * Each HTTP request is destroyed after this long without socket activity, and each metadata call
   * (stat, list, remove, bucket check) fails when it has not finished within it. Default 30 s.
   */
  requestTimeoutMs?: number;
}

/** Multipart uploads buffer one part at a time: keep it small (minio's default is 64 MiB). */
const PART_SIZE_BYTES = 16 * 1024 * 1024;

/**
 * Connects to the bucket (path-style addressing, which MinIO and other S3-compatible servers need),
 * creates it when missing, and returns the S3 backend of the write protocol.
 */
export async function createS3FileSystem(options: CreateS3FileSystemOptions): Promise<S3FileSystem> {
  const url = new URL(options.endpoint);
  const useSSL = url.protocol === 'https:';
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_S3_REQUEST_TIMEOUT_MS;
  const agent = useSSL ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const client = new Client({
    endPoint: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (useSSL ? 443 : 80) : Number(url.port),
    useSSL,
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    region: options.region,
    pathStyle: true,
    partSize: PART_SIZE_BYTES,
    transport: idleTimeoutTransport(useSSL ? https : http, requestTimeoutMs),
    transportAgent: agent,
  });
  try {
    await ensureBucket(client, options.bucket, options.region, requestTimeoutMs);
  } catch (error) {
    agent.destroy();
    throw error;
  }
  return new S3FileSystem({
    client,
    bucket: options.bucket,
    dataDir: options.dataDir,
    keyPrefix: options.keyPrefix,
    requestTimeoutMs,
    onClose: () => agent.destroy(),
  });
}

async function ensureBucket(
  client: Client,
  bucket: string,
  region: string,
  timeoutMs: number,
): Promise<void> {
  const action = `creating bucket ${bucket}`;
  try {
    if (await withDeadline(client.bucketExists(bucket), timeoutMs)) {
      return;
    }
    await withDeadline(client.makeBucket(bucket, region), timeoutMs);
  } catch (error) {
    // Another element sharing the bucket may have created it first.
    const code = (error as { code?: unknown }).code;
    if (code !== 'BucketAlreadyOwnedByYou') {
      throw toS3StorageError(error, action);
    }
  }
}
