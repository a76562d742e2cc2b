import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_STATE_FILE_NAME, ConfigStateFile } from './config-state-file';
import type { ServiceDiscoveryLogger } from './service-discovery.logger';
import { aStorageElementsConfig } from './testing';

function aRecordingLogger(): ServiceDiscoveryLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (_obj, msg) => warnings.push(msg) };
}

describe(ConfigStateFile.name, () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'service-discovery-state-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('save', () => {
    it('creates the state directory and writes the configuration, leaving no temp file', async () => {
      const stateDir = join(root, 'nested', 'state');
      const file = new ConfigStateFile(stateDir, undefined);
      const config = aStorageElementsConfig({ version: 4 });
      file.save(config);
      await file.flush();
      expect(JSON.parse(await readFile(join(stateDir, CONFIG_STATE_FILE_NAME), 'utf8'))).toEqual(config);
      expect(await readdir(stateDir)).toEqual([CONFIG_STATE_FILE_NAME]);
    });

    it('ends with the newest of several queued configurations', async () => {
      const file = new ConfigStateFile(root, undefined);
      for (const version of [1, 2, 3]) {
        file.save(aStorageElementsConfig({ version }));
      }
      await file.flush();
      expect((await file.read())?.version).toBe(3);
    });

    it('removes temp files a crash left behind', async () => {
      const leftover = `.${CONFIG_STATE_FILE_NAME}.0b3c.tmp`;
      await writeFile(join(root, leftover), '{"half');
      const file = new ConfigStateFile(root, undefined);
      file.save(aStorageElementsConfig());
      await file.flush();
      expect(await readdir(root)).toEqual([CONFIG_STATE_FILE_NAME]);
    });

    it('logs a failed write instead of throwing', async () => {
      const blocker = join(root, 'not-a-directory');
      await writeFile(blocker, 'x');
      const logger = aRecordingLogger();
      const file = new ConfigStateFile(join(blocker, 'state'), logger);
      file.save(aStorageElementsConfig());
      await file.flush();
      expect(logger.warnings).toEqual(['service discovery state not saved']);
    });
  });

  describe('read', () => {
    it('returns undefined without a file, silently', async () => {
      const logger = aRecordingLogger();
      expect(await new ConfigStateFile(root, logger).read()).toBeUndefined();
      expect(logger.warnings).toEqual([]);
    });

    it.each([
      ['torn JSON', '{"version": 3, "elem'],
      ['a wrong shape', '{"version": "three"}'],
    ])('ignores %s with a warning', async (_case, content) => {
      await writeFile(join(root, CONFIG_STATE_FILE_NAME), content);
      const logger = aRecordingLogger();
      expect(await new ConfigStateFile(root, logger).read()).toBeUndefined();
      expect(logger.warnings).toEqual(['service discovery state file ignored']);
    });
  });
});
