import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMetadata } from '@artstore/contracts';
import { aFile, publishEvents } from './file-events-fixtures';
import { getJson, QueryStack, type QueryInstance } from './query-stack';

async function cacheCount(url: string, level: string, result: string): Promise<number> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const match = new RegExp(
    `^query_metadata_cache_requests_total\\{level="${level}",result="${result}"\\} (\\d+)$`,
    'm',
  ).exec(metrics);
  return Number(match?.[1] ?? Number.NaN);
}

describe('metadata by id through the caches, two instances', () => {
  let stack: QueryStack;
  let first: QueryInstance;
  let second: QueryInstance;

  beforeAll(async () => {
    stack = await QueryStack.start();
    // One after the other: the first applies the migrations.
    first = await stack.startInstance();
    second = await stack.startInstance();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const metadata = async (instance: QueryInstance, fileId: string) =>
    getJson(`${instance.url}/api/v1/files/${fileId}`, stack.token());

  it('answers repeated lookups from the LRU, then Redis for the other instance', async () => {
    const file = aFile();
    await publishEvents(stack.redis, stack.prefix, [{ type: 'file.created', file }]);
    await stack.drained();
    const lruHits = await cacheCount(first.url, 'lru', 'hit');
    expect((await metadata(first, file.file_id)).body).toEqual(file);
    expect((await metadata(first, file.file_id)).body).toEqual(file);
    expect(await cacheCount(first.url, 'lru', 'hit')).toBe(lruHits + 1);
    // Both instances count into their own registries; the second finds what the first put in Redis.
    const secondRedisHits = await cacheCount(second.url, 'redis', 'hit');
    expect((await metadata(second, file.file_id)).body).toEqual(file);
    expect(await cacheCount(second.url, 'redis', 'hit')).toBe(secondRedisHits + 1);
  });

  it('never serves an older version from either instance once the event was applied', async () => {
    const file = aFile({ description: 'v1' });
    await publishEvents(stack.redis, stack.prefix, [{ type: 'file.created', file }]);
    await stack.drained();
    let current: FileMetadata = file;
    for (let version = 2; version <= 6; version += 1) {
      // Both LRUs and Redis hold the current version before the change.
      expect((await metadata(first, file.file_id)).body).toEqual(current);
      expect((await metadata(second, file.file_id)).body).toEqual(current);
      current = { ...file, version, description: `v${version}` };
      await publishEvents(stack.redis, stack.prefix, [{ type: 'file.updated', file: current }]);
      await stack.drained();
      expect((await metadata(first, file.file_id)).body).toEqual(current);
      expect((await metadata(second, file.file_id)).body).toEqual(current);
    }
    await publishEvents(stack.redis, stack.prefix, [{ type: 'file.deleted', file: current }]);
    await stack.drained();
    expect((await metadata(first, file.file_id)).status).toBe(404);
    expect((await metadata(second, file.file_id)).status).toBe(404);
  });

  it('answers from PostgreSQL while its Redis is down', async () => {
    const file = aFile();
    await publishEvents(stack.redis, stack.prefix, [{ type: 'file.created', file }]);
    await stack.drained();
    second.redisProxy.cut();
    try {
      const started = Date.now();
      const answer = await metadata(second, file.file_id);
      expect(answer).toMatchObject({ status: 200, body: file });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect((await metadata(second, aFile().file_id)).status).toBe(404);
    } finally {
      second.redisProxy.restore();
    }
  });
});
