import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, APP_LOGGER, REDIS_CLIENT, type AppLogger } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';

/** Pub/sub channel of the element's file changes (a hint: subscribers re-read the element). */
export const FILE_CHANGES_CHANNEL = 'artstore:storage-element:file-changes';

export interface FileChange {
  type: 'file.created' | 'file.updated' | 'file.deleted';
  file_id: string;
  version: number;
}

const PUBLISH_DEADLINE_MS = 500;

/**
 * SPEC §4 step 5. Best effort with a short deadline: the attr.json files are the truth and the
 * admin's reconcile converges from them, so a Redis outage must not stop the element's writes.
 */
@Injectable()
export class FileChangePublisher {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: StorageElementConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  async publish(change: FileChange): Promise<void> {
    if (this.redis.status !== 'ready') {
      this.logger.debug({ file_id: change.file_id }, 'redis not ready: file change not published');
      return;
    }
    const message = JSON.stringify({ element_id: this.config.SE_ID, ...change });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.redis.publish(FILE_CHANGES_CHANNEL, message),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('publish timed out')), PUBLISH_DEADLINE_MS);
        }),
      ]);
    } catch (error) {
      this.logger.warn({ err: error, file_id: change.file_id }, 'file change not published');
    } finally {
      clearTimeout(timer);
    }
  }
}
