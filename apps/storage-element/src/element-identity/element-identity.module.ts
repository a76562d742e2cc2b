import { Module } from '@nestjs/common';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { claimDataDirectory, ElementIdentity } from './element-identity';

/**
 * Resolved while the app is created, before anything reads or writes the data directory: a
 * directory of another SE_ID fails the start (the process exits 1 with the reason in the log).
 */
@Module({
  providers: [
    {
      provide: ElementIdentity,
      inject: [APP_CONFIG, APP_LOGGER],
      useFactory: async (config: StorageElementConfig, logger: AppLogger): Promise<ElementIdentity> => {
        const identity = await claimDataDirectory(config.SE_DATA_DIR, config.SE_ID);
        logger.info(
          {
            element_id: identity.elementId,
            data_dir: identity.dataDirectory,
            claimed_at: identity.claimedAt,
          },
          'data directory claimed',
        );
        return identity;
      },
    },
  ],
  exports: [ElementIdentity],
})
export class ElementIdentityModule {}
