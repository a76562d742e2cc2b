import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, rateLimitOptionsFromEnv } from '@artstore/auth';
import { PlatformModule, type AppLogger } from '@artstore/platform';
import { AuditModule } from './audit/audit.module';
import type { AdminConfig } from './config/admin.config';
import { CryptoModule } from './crypto/crypto.module';
import { FileRegistryModule } from './file-registry/file-registry.module';
import { adminMigrations } from './migrations';
import { ServiceAccountsModule } from './service-accounts/service-accounts.module';
import { LocalSigningKeySource } from './signing-keys/local-signing-key.source';
import { SigningKeysModule } from './signing-keys/signing-keys.module';
import { StorageElementsModule } from './storage-elements/storage-elements.module';
import { TokensModule } from './tokens/tokens.module';

@Module({})
export class AdminModule {
  static register(config: AdminConfig, logger: AppLogger): DynamicModule {
    return {
      module: AdminModule,
      imports: [
        PlatformModule.forRoot({
          serviceName: 'admin',
          config,
          logger,
          database: { migrations: adminMigrations, entities: [] },
        }),
        CryptoModule,
        AuthModule.forRoot({
          audience: 'admin',
          issuer: config.ARTSTORE_ISSUER,
          rateLimit: rateLimitOptionsFromEnv(config),
          keySource: { imports: [SigningKeysModule], useClass: LocalSigningKeySource },
        }),
        AuditModule,
        SigningKeysModule,
        ServiceAccountsModule,
        TokensModule,
        StorageElementsModule,
        FileRegistryModule,
      ],
    };
  }
}
