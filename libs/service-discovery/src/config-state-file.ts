import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StorageElementsConfig } from '@artstore/contracts';
import { removeStaleTempFiles, writeFileDurably } from './durable-file';
import type { ServiceDiscoveryLogger } from './service-discovery.logger';
import { parseStorageElementsConfigJson } from './storage-elements-config.schema';

export const CONFIG_STATE_FILE_NAME = 'storage-elements-config.json';

/** The last configuration received from Redis, kept on local disk so a restart without Redis still works. */
export class ConfigStateFile {
  readonly path: string;
  private writes: Promise<void> = Promise.resolve();
  private latest: StorageElementsConfig | undefined;
  private cleaned = false;

  constructor(
    private readonly stateDir: string,
    private readonly logger: ServiceDiscoveryLogger | undefined,
  ) {
    this.path = join(stateDir, CONFIG_STATE_FILE_NAME);
  }

  /** The saved configuration; `undefined` when there is none or it is unreadable (logged). */
  async read(): Promise<StorageElementsConfig | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger?.warn({ err: error, path: this.path }, 'service discovery state file unreadable');
      }
      return undefined;
    }
    const parsed = parseStorageElementsConfigJson(text);
    if (!parsed.ok) {
      this.logger?.warn(
        { path: this.path, problems: parsed.problems },
        'service discovery state file ignored',
      );
      return undefined;
    }
    return parsed.config;
  }

  /**
   * Queues a durable write; writes run one at a time and a write superseded by a newer queued one is
   * skipped, so the file ends with the newest configuration. Failures are logged, never thrown.
   */
  save(config: StorageElementsConfig): void {
    this.latest = config;
    this.writes = this.writes.then(async () => {
      if (this.latest !== config) {
        return;
      }
      try {
        await mkdir(this.stateDir, { recursive: true });
        if (!this.cleaned) {
          // Leftovers of a crash mid-write; only once, so a write in flight is never touched.
          await removeStaleTempFiles(this.path);
          this.cleaned = true;
        }
        await writeFileDurably(this.path, `${JSON.stringify(config, null, 2)}\n`);
      } catch (error) {
        this.logger?.warn(
          { err: error, path: this.path, version: config.version },
          'service discovery state not saved',
        );
      }
    });
  }

  /** Resolves once every queued write has finished. */
  async flush(): Promise<void> {
    await this.writes;
  }
}
