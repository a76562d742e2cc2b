import { Module } from '@nestjs/common';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@artstore/platform';
import type { StorageElementConfig } from '../config/storage-element.config';
import { ElementIdentity } from '../element-identity/element-identity';
import { ElementIdentityModule } from '../element-identity/element-identity.module';
import { ModeMetrics } from './mode.metrics';
import { ModeStore } from './mode.store';
import { ModesController } from './modes.controller';
import { ModesService } from './modes.service';

/** The element's mode: persisted, applied at start by the SE_MODE rule, changed by admins. */
@Module({
  imports: [ElementIdentityModule],
  controllers: [ModesController],
  providers: [
    ModeMetrics,
    ModesService,
    {
      provide: ModeStore,
      // Injecting the identity orders the claim first: a foreign directory is never written to.
      inject: [APP_CONFIG, APP_LOGGER, ElementIdentity],
      useFactory: async (
        config: StorageElementConfig,
        logger: AppLogger,
        identity: ElementIdentity,
      ): Promise<ModeStore> => {
        const store = await ModeStore.open(identity.dataDirectory, config.SE_MODE);
        const log = { element_id: identity.elementId, mode: store.mode, configured_mode: config.SE_MODE };
        switch (store.startupOutcome) {
          case 'first_start':
            logger.info(log, 'storage element mode initialised from SE_MODE');
            break;
          case 'configured_mode_changed':
            logger.warn(log, 'SE_MODE changed since the last start: the configured mode is applied');
            break;
          case 'unchanged':
            logger.info(log, 'storage element mode kept from the last run');
            break;
        }
        return store;
      },
    },
  ],
  exports: [ModesService, ElementIdentityModule],
})
export class ModesModule {}
