import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { StorageElementInfo, StorageElementStatus } from '@artstore/contracts';
import { APP_CONFIG } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { CorruptedFilesRepository } from '../integrity/corrupted-files.repository';
import { ModesService } from '../modes/modes.service';
import { ElementUsage } from './element-usage';
import { STORAGE_ELEMENT_VERSION } from './element-version';

const STATUS_CHECK_TIMEOUT_MS = 1_000;

@Injectable()
export class InfoService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: StorageElementConfig,
    private readonly modes: ModesService,
    private readonly usage: ElementUsage,
    private readonly corrupted: CorruptedFilesRepository,
  ) {}

  async info(): Promise<StorageElementInfo> {
    const [{ usedBytes, fileCount }, corruptedFileCount, status] = await Promise.all([
      this.usage.usage(),
      this.corrupted.count(),
      this.status(),
    ]);
    return {
      element_id: this.config.SE_ID,
      mode: this.modes.currentMode(),
      priority: this.config.SE_PRIORITY,
      capacity_bytes: this.config.SE_CAPACITY_BYTES,
      used_bytes: usedBytes,
      free_bytes: Math.max(0, this.config.SE_CAPACITY_BYTES - usedBytes),
      file_count: fileCount,
      corrupted_file_count: corruptedFileCount,
      backend: this.config.SE_BACKEND,
      status,
      version: STORAGE_ELEMENT_VERSION,
    };
  }

  /**
   * `degraded` while the data directory cannot be written (nothing could be stored or journaled);
   * database and Redis health is `/health/ready`'s business, not the element's own status.
   */
  private async status(): Promise<StorageElementStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), STATUS_CHECK_TIMEOUT_MS);
    });
    try {
      await Promise.race([access(this.config.SE_DATA_DIR, constants.W_OK), timeout]);
      return 'online';
    } catch {
      return 'degraded';
    } finally {
      clearTimeout(timer);
    }
  }
}
