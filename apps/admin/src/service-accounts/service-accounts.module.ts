import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccountChangeLog } from './account-change-log';
import { AccountRateLimits } from './account-rate-limits';
import { ServiceAccountSeeder } from './service-account-seeder';
import { ServiceAccountsController } from './service-accounts.controller';
import { ServiceAccountsRepository } from './service-accounts.repository';
import { ServiceAccountsService } from './service-accounts.service';

@Module({
  imports: [AuditModule],
  controllers: [ServiceAccountsController],
  providers: [
    AccountChangeLog,
    AccountRateLimits,
    ServiceAccountSeeder,
    ServiceAccountsRepository,
    ServiceAccountsService,
  ],
  exports: [ServiceAccountsRepository],
})
export class ServiceAccountsModule {}
