import { Module } from '@nestjs/common';
import { AuditChainVerifier } from './audit-chain-verifier.service';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** The admin's audit log. Needs the platform's TypeORM DataSource and `CreateAuditEvents` migrated. */
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditChainVerifier, AuditRepository],
  exports: [AuditService],
})
export class AuditModule {}
