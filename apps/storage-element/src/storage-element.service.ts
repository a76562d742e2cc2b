import { mapAuthError } from '@artstore/auth';
import { combineDomainErrorMappers, type ServiceDefinition } from '@artstore/platform';
import { StorageElementModule } from './app.module';
import type { StorageElementConfig } from './config/storage-element.config';
import { STORAGE_ELEMENT_VERSION } from './info/element-version';
import { mapStoredFileError } from './files/stored-file.errors';
import { mapIntegrityError } from './integrity/integrity.errors';
import { mapModeError } from './modes/modes.errors';

export const storageElementService: ServiceDefinition<StorageElementConfig> = {
  serviceName: 'storage-element',
  openApi: {
    title: 'ArtStore storage element',
    description: 'Durable file storage with attr.json metadata, modes and Range downloads.',
    version: STORAGE_ELEMENT_VERSION,
  },
  mapDomainError: combineDomainErrorMappers(
    mapAuthError,
    mapModeError,
    mapStoredFileError,
    mapIntegrityError,
  ),
  rootModule: (config, logger) => StorageElementModule.register(config, logger),
};
