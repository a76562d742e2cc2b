import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '@artstore/platform';
import type { AdminConfig } from '../config/admin.config';
import { deriveKey } from './derive-key';
import { KeyEncryption } from './key-encryption';
import { SecretHasher } from './secret-hasher';

/** The admin's key material, all derived from ARTSTORE_KEY_ENCRYPTION_KEY. */
@Global()
@Module({
  providers: [
    {
      provide: KeyEncryption,
      inject: [APP_CONFIG],
      useFactory: (config: AdminConfig) =>
        new KeyEncryption(deriveKey(config.ARTSTORE_KEY_ENCRYPTION_KEY, 'signing key encryption')),
    },
    {
      provide: SecretHasher,
      inject: [APP_CONFIG],
      useFactory: (config: AdminConfig) =>
        new SecretHasher(deriveKey(config.ARTSTORE_KEY_ENCRYPTION_KEY, 'client secret hashing')),
    },
  ],
  exports: [KeyEncryption, SecretHasher],
})
export class CryptoModule {}
