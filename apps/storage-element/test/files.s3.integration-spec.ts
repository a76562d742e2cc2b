import { afterAll } from 'vitest';
import { s3ClientFor, startS3rver, type RunningS3rver } from '@artstore/testing';
import { describeFileApi } from './file-api.suite';

// The same behavioural suite as the filesystem backend, with the hour tree in a fake S3 (s3rver).
let s3: RunningS3rver | undefined;

async function allKeys(server: RunningS3rver): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of s3ClientFor(server).listObjectsV2(server.bucket, '', true) as AsyncIterable<{
    name?: string;
  }>) {
    if (item.name) {
      keys.push(item.name);
    }
  }
  return keys;
}

afterAll(async () => {
  await s3?.stop();
});

describeFileApi({
  name: 's3',
  env: async () => {
    s3 ??= await startS3rver();
    return {
      SE_BACKEND: 's3',
      SE_S3_ENDPOINT: s3.endpoint,
      SE_S3_BUCKET: s3.bucket,
      SE_S3_ACCESS_KEY: s3.accessKey,
      SE_S3_SECRET_KEY: s3.secretKey,
    };
  },
  storedKeys: async () => (s3 ? allKeys(s3) : []),
  // Rewrites the data object with one byte flipped; attr.json (the expected sha256) is untouched.
  corruptData: async (_dataDir, fileId) => {
    if (!s3) {
      throw new Error('s3rver is not running');
    }
    const key = (await allKeys(s3)).find((candidate) => candidate.endsWith(`/${fileId}`));
    if (!key) {
      throw new Error(`no object for ${fileId}`);
    }
    const client = s3ClientFor(s3);
    const chunks: Buffer[] = [];
    for await (const chunk of await client.getObject(s3.bucket, key)) {
      chunks.push(chunk as Buffer);
    }
    const bytes = Buffer.concat(chunks);
    const position = Math.floor(bytes.byteLength / 2);
    bytes[position] = (bytes[position] ?? 0) ^ 0xff;
    await client.putObject(s3.bucket, key, bytes, bytes.byteLength);
  },
});
