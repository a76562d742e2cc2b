import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ServiceAccountsModule } from '../service-accounts/service-accounts.module';
import { SigningKeysModule } from '../signing-keys/signing-keys.module';
import { AuthorizationServerMetadata } from './authorization-server-metadata';
import { ClientAuthenticator } from './client-authenticator';
import { DiscoveryController } from './discovery.controller';
import { TokenIssuer } from './token-issuer';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

@Module({
  imports: [AuditModule, ServiceAccountsModule, SigningKeysModule],
  controllers: [TokenController, DiscoveryController],
  providers: [AuthorizationServerMetadata, ClientAuthenticator, TokenIssuer, TokenService],
  // The admin signs its own tokens for its calls to storage elements.
  exports: [TokenIssuer],
})
export class TokensModule {}
