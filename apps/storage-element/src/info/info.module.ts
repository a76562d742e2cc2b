import { Module } from '@nestjs/common';
import { CacheElementUsage } from '../file-cache/cache-element-usage';
import { FileCacheModule } from '../file-cache/file-cache.module';
import { ModesModule } from '../modes/modes.module';
import { ElementUsage } from './element-usage';
import { IntegrityModule } from '../integrity/integrity.module';
import { InfoController } from './info.controller';
import { InfoService } from './info.service';

@Module({
  imports: [ModesModule, FileCacheModule, IntegrityModule],
  controllers: [InfoController],
  providers: [InfoService, { provide: ElementUsage, useExisting: CacheElementUsage }],
})
export class InfoModule {}
