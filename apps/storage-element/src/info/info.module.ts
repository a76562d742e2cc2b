import { Module } from '@nestjs/common';
import { ModesModule } from '../modes/modes.module';
import { ElementUsage, NoFilesStoredUsage } from './element-usage';
import { InfoController } from './info.controller';
import { InfoService } from './info.service';

@Module({
  imports: [ModesModule],
  controllers: [InfoController],
  providers: [InfoService, { provide: ElementUsage, useClass: NoFilesStoredUsage }],
})
export class InfoModule {}
