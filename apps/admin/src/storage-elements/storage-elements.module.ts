import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import type { AdminConfig } from '../config/admin.config';
import { APP_CONFIG } from '@artstore/platform';
import { TokensModule } from '../tokens/tokens.module';
import { ElementApiAdapter } from './element-api.adapter';
import { ELEMENT_CALL_OPTIONS, type ElementCallOptions } from './element-call.options';
import { ElementPollSchedule } from './element-poll.schedule';
import { ElementPoller } from './element-poller';
import { ElementRegistrations } from './element-registrations';
import { ElementsConfigPublication } from './elements-config.publication';
import { InternalAccessToken } from './internal-access-token';
import { AdminSagas } from './mode-change/admin-sagas';
import { ModeChangeService } from './mode-change/mode-change.service';
import { StorageElementsController } from './storage-elements.controller';
import { StorageElementsRepository } from './storage-elements.repository';
import { StorageElementsService } from './storage-elements.service';

/** The storage-element registry: registration, polling, publication and the mode saga (SPEC §5). */
@Module({
  imports: [AuditModule, TokensModule],
  controllers: [StorageElementsController],
  providers: [
    {
      provide: ELEMENT_CALL_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: AdminConfig): ElementCallOptions => ({
        timeoutMs: config.ELEMENT_CALL_TIMEOUT_MS,
        breakerResetMs: config.ELEMENT_BREAKER_RESET_MS,
      }),
    },
    AdminSagas,
    ElementApiAdapter,
    ElementPoller,
    ElementPollSchedule,
    ElementRegistrations,
    ElementsConfigPublication,
    InternalAccessToken,
    ModeChangeService,
    StorageElementsRepository,
    StorageElementsService,
  ],
  // The file registry lists files through the same adapter (and breakers) and hears of new elements.
  exports: [ElementApiAdapter, ElementRegistrations, StorageElementsRepository],
})
export class StorageElementsModule {}
