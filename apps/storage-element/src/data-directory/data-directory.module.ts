import { mkdir } from 'node:fs/promises';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { StorageSpaceMetrics } from './storage-space.metrics';

/** The element's data directory: created before anything (readiness included) touches it, and measured. */
@Module({ providers: [StorageSpaceMetrics] })
export class DataDirectoryModule implements OnModuleInit {
  constructor(@Inject(APP_CONFIG) private readonly config: StorageElementConfig) {}

  async onModuleInit(): Promise<void> {
    await mkdir(this.config.SE_DATA_DIR, { recursive: true, mode: 0o750 });
  }
}
