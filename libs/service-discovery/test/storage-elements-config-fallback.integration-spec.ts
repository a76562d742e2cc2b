import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StorageElementsConfig } from '@artstore/contracts';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_STATE_FILE_NAME } from '../src';
import { aStorageElement } from '../src/testing';
import {
  aRecordingLogger,
  DiscoveryFixture,
  hostAndPort,
  redisUrl,
  TcpProxy,
  UNREACHABLE_REDIS_URL,
  until,
} from './discovery-fixtures';

describe('service discovery without Redis', () => {
  let fixture: DiscoveryFixture;
  const staticElements = [aStorageElement({ id: 'se-static', mode: 'edit' })];

  beforeEach(() => {
    fixture = new DiscoveryFixture();
  });
  afterEach(async () => {
    await fixture.cleanUp();
  });

  /** Runs a subscriber against the real Redis until it has saved a freshly published configuration. */
  async function savedConfiguration(stateDir: string): Promise<StorageElementsConfig> {
    const first = fixture.subscriber({ stateDir });
    await first.start();
    const published = await fixture.publisher().publish([aStorageElement({ id: 'se-saved' })]);
    await until(() => first.current()?.version === published.version, 2_000);
    await first.stop();
    return published;
  }

  it('starts from the state file a previous instance saved when Redis is unreachable', async () => {
    const stateDir = await fixture.stateDir();
    const saved = await savedConfiguration(stateDir);
    const registry = new Registry();
    const subscriber = fixture.subscriber({
      stateDir,
      redisUrl: UNREACHABLE_REDIS_URL,
      staticElements,
      registry,
    });
    const started = Date.now();
    await subscriber.start();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(subscriber.current()).toEqual(saved);
    expect(subscriber.source()).toBe('disk');
    expect(subscriber.readiness()).toMatchObject({
      ok: true,
      details: { source: 'disk', version: saved.version },
    });
    expect(await registry.metrics()).toContain('service_discovery_config_updates_total{source="disk"} 1');
  });

  it('starts from the state file when Redis is up but has no configuration', async () => {
    const stateDir = await fixture.stateDir();
    const saved = await savedConfiguration(stateDir);
    await fixture.redis.del(fixture.key);
    const subscriber = fixture.subscriber({ stateDir, staticElements });
    await subscriber.start();
    expect(subscriber.current()).toEqual(saved);
    expect(subscriber.source()).toBe('disk');
  });

  it('falls back to the static list when there is no state file', async () => {
    const subscriber = fixture.subscriber({
      stateDir: await fixture.stateDir(),
      redisUrl: UNREACHABLE_REDIS_URL,
      staticElements,
    });
    await subscriber.start();
    expect(subscriber.source()).toBe('static');
    expect(subscriber.current()).toMatchObject({ version: 0, elements: staticElements });
    expect(subscriber.ageSeconds()).toBeLessThan(5);
    expect(subscriber.readiness().ok).toBe(true);
  });

  it('falls back to the static list past a corrupt state file, with a warning', async () => {
    const stateDir = await fixture.stateDir();
    await writeFile(join(stateDir, CONFIG_STATE_FILE_NAME), '{"version": 9, "elem');
    const logger = aRecordingLogger();
    const subscriber = fixture.subscriber({
      stateDir,
      redisUrl: UNREACHABLE_REDIS_URL,
      staticElements,
      logger,
    });
    await subscriber.start();
    expect(subscriber.source()).toBe('static');
    expect(logger.warnings.map((warning) => warning.msg)).toContain('service discovery state file ignored');
  });

  it('reports not ready with nothing to fall back on', async () => {
    const registry = new Registry();
    const stateDir = await fixture.stateDir();
    const subscriber = fixture.subscriber({ stateDir, redisUrl: UNREACHABLE_REDIS_URL, registry });
    await subscriber.start();
    expect(await registry.metrics()).toMatch(/^service_discovery_config_age_seconds nan$/im);
    expect(subscriber.current()).toBeUndefined();
    expect(subscriber.readiness()).toEqual({
      ok: false,
      details: { source: 'none', version: null, age_seconds: null, elements: 0 },
    });
  });

  describe('when Redis comes and goes', () => {
    let proxy: TcpProxy;

    beforeEach(async () => {
      proxy = await TcpProxy.start(hostAndPort(redisUrl));
    });
    afterEach(async () => {
      await proxy.close();
    });

    it('switches to Redis once it is reachable, confirming the saved version without a new change', async () => {
      const stateDir = await fixture.stateDir();
      const saved = await savedConfiguration(stateDir);
      proxy.cut();
      const subscriber = fixture.subscriber({
        stateDir,
        redisUrl: proxy.wrap(redisUrl),
        refreshIntervalMs: 60_000,
      });
      const seen: number[] = [];
      subscriber.onChange((config) => seen.push(config.version));
      await subscriber.start();
      expect(subscriber.source()).toBe('disk');

      proxy.restore();
      await until(() => subscriber.source() === 'redis', 10_000);
      expect(seen).toEqual([saved.version]);
      const next = await fixture.publisher().publish([aStorageElement({ id: 'se-next' })]);
      await until(() => subscriber.current()?.version === next.version, 2_000);
    });

    it('keeps its configuration through an outage and catches up on what was published meanwhile', async () => {
      const subscriber = fixture.subscriber({
        stateDir: await fixture.stateDir(),
        redisUrl: proxy.wrap(redisUrl),
        refreshIntervalMs: 60_000,
      });
      await subscriber.start();
      const publisher = fixture.publisher();
      const before = await publisher.publish([aStorageElement()]);
      await until(() => subscriber.current()?.version === before.version, 2_000);

      proxy.cut();
      const during = await publisher.publish([aStorageElement({ id: 'se-during' })]);
      expect(subscriber.current()).toEqual(before);

      proxy.restore();
      // Far sooner than the 60 s re-read: the reconnect itself triggers one.
      await until(() => subscriber.current()?.version === during.version, 10_000);
    });
  });
});
