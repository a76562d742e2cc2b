import { mapAuthError } from '@artstore/auth';
import { combineDomainErrorMappers, type ServiceDefinition } from '@artstore/platform';
import { AdminModule } from './app.module';
import { mapAuditError } from './audit/audit.errors';
import type { AdminConfig } from './config/admin.config';
import { mapFileRegistryError } from './file-registry/file-registry.errors';
import { mapServiceAccountsError } from './service-accounts/service-accounts.errors';
import { mapSigningKeysError } from './signing-keys/signing-keys.errors';
import { mapStorageElementsError } from './storage-elements/storage-elements.errors';

export const adminService: ServiceDefinition<AdminConfig> = {
  serviceName: 'admin',
  openApi: {
    title: 'ArtStore admin',
    description: 'Identity, storage-element registry, file registry, audit.',
    version: '1.0.0',
  },
  mapDomainError: combineDomainErrorMappers(
    mapAuthError,
    mapAuditError,
    mapFileRegistryError,
    mapServiceAccountsError,
    mapSigningKeysError,
    mapStorageElementsError,
  ),
  rootModule: (config, logger) => AdminModule.register(config, logger),
};
