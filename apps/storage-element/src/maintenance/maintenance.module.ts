import { Module } from '@nestjs/common';
import { FileCacheModule } from '../file-cache/file-cache.module';
import { IntegrityModule } from '../integrity/integrity.module';
import { MaintenanceController } from './maintenance.controller';

/** `/api/v1/maintenance`: cache rebuild, consistency, scrub. */
@Module({ imports: [FileCacheModule, IntegrityModule], controllers: [MaintenanceController] })
export class MaintenanceModule {}
