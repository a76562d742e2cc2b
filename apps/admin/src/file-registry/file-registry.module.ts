import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { StorageElementsModule } from '../storage-elements/storage-elements.module';
import { FileEventOutboxRepository } from './file-event-outbox.repository';
import { FileEventRelay } from './file-event-relay';
import { FileEventsStreamAdapter } from './file-events-stream.adapter';
import { FileRegistryController } from './file-registry.controller';
import { FileRegistryMetrics } from './file-registry.metrics';
import { FileRegistryRepository } from './file-registry.repository';
import { FileRegistryService } from './file-registry.service';
import { FileReconciler } from './reconcile/file-reconciler';
import { FileRepair } from './reconcile/file-repair';
import { ReconcileController } from './reconcile/reconcile.controller';
import { ReconcileRepository } from './reconcile/reconcile.repository';
import { ReconcileSchedule } from './reconcile/reconcile.schedule';
import { RegistryChangesService } from './registry-changes.service';

/** The file registry (SPEC §7): catalog of record, outbox-relayed events, reconcile from the elements. */
@Module({
  imports: [AuditModule, StorageElementsModule],
  controllers: [FileRegistryController, ReconcileController],
  providers: [
    FileEventOutboxRepository,
    FileEventRelay,
    FileEventsStreamAdapter,
    FileReconciler,
    FileRepair,
    FileRegistryMetrics,
    FileRegistryRepository,
    FileRegistryService,
    ReconcileRepository,
    ReconcileSchedule,
    RegistryChangesService,
  ],
})
export class FileRegistryModule {}
