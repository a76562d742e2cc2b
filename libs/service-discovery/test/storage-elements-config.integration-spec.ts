import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StorageElementsConfig } from '@artstore/contracts';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CONFIG_STATE_FILE_NAME,
  StorageElementsConfigPublisher,
  StorageElementsConfigSubscriber,
} from '../src';
import { aStorageElement, aStorageElementsConfig } from '../src/testing';
import { aRecordingLogger, DiscoveryFixture, until, untilAsync } from './discovery-fixtures';

describe('service discovery against Redis', () => {
  let fixture: DiscoveryFixture;

  beforeEach(() => {
    fixture = new DiscoveryFixture();
  });
  afterEach(async () => {
    await fixture.cleanUp();
  });

  describe(StorageElementsConfigPublisher.name, () => {
    it('stores the versioned configuration under the key', async () => {
      const elements = [aStorageElement({ id: 'se-01', mode: 'edit' }), aStorageElement({ id: 'se-02' })];
      const published = await fixture.publisher().publish(elements);
      expect(published.elements).toEqual(elements);
      expect(Number.isSafeInteger(published.version)).toBe(true);
      expect(JSON.parse((await fixture.redis.get(fixture.key)) ?? 'null')).toEqual(published);
    });

    it('never lets two publishers regress the version, in the key or on the channel', async () => {
      const listener = fixture.redis.duplicate();
      const announced: number[] = [];
      listener.on('message', (_channel: string, message: string) => {
        announced.push((JSON.parse(message) as StorageElementsConfig).version);
      });
      await listener.subscribe(fixture.channel);
      try {
        const [first, second] = [fixture.publisher(), fixture.publisher()];
        const rounds = Array.from({ length: 25 }, (_, index) => index);
        const results = await Promise.all(
          rounds.flatMap((index) => [
            first.publish([aStorageElement({ priority: index })]),
            second.publish([aStorageElement({ priority: 100 + index })]),
          ]),
        );
        const versions = results.map((config) => config.version);
        expect(new Set(versions).size).toBe(versions.length);
        const stored = JSON.parse((await fixture.redis.get(fixture.key)) ?? 'null') as StorageElementsConfig;
        expect(stored.version).toBe(Math.max(...versions));
        await until(() => announced.length === versions.length, 2_000);
        expect(announced).toEqual([...announced].sort((a, b) => a - b));
      } finally {
        listener.disconnect();
      }
    });

    it('goes past a stored version that is ahead of the clock, and over a corrupt key', async () => {
      const ahead = Date.now() + 10 ** 9;
      await fixture.redis.set(fixture.key, JSON.stringify(aStorageElementsConfig({ version: ahead })));
      const publisher = fixture.publisher();
      expect((await publisher.publish([aStorageElement()])).version).toBe(ahead + 1);
      await fixture.redis.set(fixture.key, 'not json');
      expect((await publisher.publish([aStorageElement()])).version).toBeGreaterThan(0);
    });

    it('refuses an invalid element list without touching Redis', async () => {
      const invalid = [aStorageElement({ id: 'se-01' }), aStorageElement({ id: 'se-01' })];
      await expect(fixture.publisher().publish(invalid)).rejects.toMatchObject({
        code: 'invalid_storage_elements_config',
      });
      expect(await fixture.redis.exists(fixture.key)).toBe(0);
    });

    it('fails within its deadline when Redis is unreachable', async () => {
      const publisher = new StorageElementsConfigPublisher({
        redisUrl: 'redis://127.0.0.1:1',
        connectTimeoutMs: 500,
      });
      try {
        const started = Date.now();
        await expect(publisher.publish([aStorageElement()])).rejects.toMatchObject({
          code: 'storage_elements_config_publish_failed',
        });
        expect(Date.now() - started).toBeLessThan(1_500);
      } finally {
        await publisher.close();
      }
    });
  });

  describe(StorageElementsConfigSubscriber.name, () => {
    it('loads the key at start and saves it to the state file', async () => {
      const published = await fixture.publisher().publish([aStorageElement()]);
      const stateDir = await fixture.stateDir();
      const subscriber = fixture.subscriber({ stateDir });
      await subscriber.start();
      expect(subscriber.current()).toEqual(published);
      expect(subscriber.source()).toBe('redis');
      expect(Object.isFrozen(subscriber.current()?.elements)).toBe(true);
      await subscriber.stop();
      const saved = JSON.parse(await readFile(join(stateDir, CONFIG_STATE_FILE_NAME), 'utf8')) as unknown;
      expect(saved).toEqual(published);
    });

    it('picks up a publish within 1 s and reports it everywhere', async () => {
      const registry = new Registry();
      const subscriber = fixture.subscriber({ stateDir: await fixture.stateDir(), registry });
      const seen: number[] = [];
      subscriber.onChange((config) => seen.push(config.version));
      await subscriber.start();
      expect(subscriber.source()).toBe('none');
      expect(subscriber.readiness().ok).toBe(false);

      const published = await fixture.publisher().publish([aStorageElement({ id: 'se-07' })]);
      await until(() => subscriber.current()?.version === published.version, 1_000);
      expect(seen).toEqual([published.version]);
      expect(subscriber.readiness()).toEqual({
        ok: true,
        details: {
          source: 'redis',
          version: published.version,
          age_seconds: expect.any(Number) as number,
          elements: 1,
        },
      });
      const metrics = await registry.metrics();
      expect(metrics).toContain(`service_discovery_config_version ${published.version}`);
      expect(metrics).toContain('service_discovery_config_updates_total{source="redis"} 1');
      expect(metrics).toMatch(/service_discovery_config_age_seconds \d/);
    });

    it('ignores older, repeated and malformed configurations on the channel', async () => {
      const logger = aRecordingLogger();
      const subscriber = fixture.subscriber({ stateDir: await fixture.stateDir(), logger });
      const seen: number[] = [];
      subscriber.onChange((config) => seen.push(config.version));
      await subscriber.start();
      const publisher = fixture.publisher();
      const current = await publisher.publish([aStorageElement()]);
      await until(() => subscriber.current()?.version === current.version, 2_000);

      const older = aStorageElementsConfig({ version: current.version - 1, elements: [] });
      const sameVersion = aStorageElementsConfig({ version: current.version, elements: [] });
      for (const message of [
        JSON.stringify(older),
        JSON.stringify(sameVersion),
        'garbage',
        '{"version":"x"}',
      ]) {
        await fixture.redis.publish(fixture.channel, message);
      }
      // Messages arrive in order: once this one is in, the ones before it were handled.
      const marker = await publisher.publish([aStorageElement({ id: 'se-marker' })]);
      await until(() => subscriber.current()?.version === marker.version, 2_000);

      expect(seen).toEqual([current.version, marker.version]);
      expect(logger.warnings.map((warning) => warning.msg)).toEqual([
        'service discovery ignored a malformed configuration',
        'service discovery ignored a malformed configuration',
      ]);
    });

    it('survives a listener that throws, logging it', async () => {
      const logger = aRecordingLogger();
      const subscriber = fixture.subscriber({ stateDir: await fixture.stateDir(), logger });
      const seen: number[] = [];
      subscriber.onChange(() => {
        throw new Error('listener bug');
      });
      subscriber.onChange((config) => seen.push(config.version));
      await subscriber.start();
      const publisher = fixture.publisher();
      const first = await publisher.publish([aStorageElement()]);
      const second = await publisher.publish([aStorageElement()]);
      await until(() => subscriber.current()?.version === second.version, 2_000);
      expect(seen).toEqual([first.version, second.version]);
      expect(logger.warnings.map((warning) => warning.msg)).toEqual([
        'storage elements configuration listener failed',
        'storage elements configuration listener failed',
      ]);
    });

    it('heals a missed message with the periodic re-read', async () => {
      const subscriber = fixture.subscriber({ stateDir: await fixture.stateDir(), refreshIntervalMs: 200 });
      await subscriber.start();
      const published = await fixture.publisher().publish([aStorageElement()]);
      await until(() => subscriber.current()?.version === published.version, 2_000);

      // Written to the key but never announced, as if the message had been lost.
      const missed = aStorageElementsConfig({ version: published.version + 1, elements: [] });
      await fixture.redis.set(fixture.key, JSON.stringify(missed));
      await until(() => subscriber.current()?.version === missed.version, 2_000);
      expect(subscriber.current()).toEqual(missed);
    });

    it('ignores a malformed key with a warning and keeps what it has', async () => {
      const logger = aRecordingLogger();
      const subscriber = fixture.subscriber({
        stateDir: await fixture.stateDir(),
        refreshIntervalMs: 100,
        logger,
      });
      await subscriber.start();
      const published = await fixture.publisher().publish([aStorageElement()]);
      await until(() => subscriber.current()?.version === published.version, 2_000);
      await fixture.redis.set(fixture.key, '{"version": 1e400');
      await until(() => logger.warnings.length > 0, 2_000);
      expect(logger.warnings[0]).toMatchObject({ obj: { origin: 'key' } });
      expect(subscriber.current()).toEqual(published);
    });

    it('closes both Redis connections on stop()', async () => {
      const subscriber = fixture.subscriber({ stateDir: await fixture.stateDir(), refreshIntervalMs: 50 });
      await subscriber.start();
      expect((await fixture.openConnectionNames()).sort()).toEqual([
        `${fixture.connectionName}:reader`,
        `${fixture.connectionName}:subscriber`,
      ]);
      const sockets = (): number =>
        process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;
      const socketsBefore = sockets();
      await subscriber.stop();
      // Checked right away: stop() resolves only once its sockets are closed (its refresh timer is unref'd).
      expect(socketsBefore - sockets()).toBe(2);
      await untilAsync(async () => (await fixture.openConnectionNames()).length === 0, 2_000);
    });
  });
});
