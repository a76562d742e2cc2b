import { mapAuthError } from '@artstore/auth';
import { combineDomainErrorMappers, type ServiceDefinition } from '@artstore/platform';
import { StorageElementModule } from './app.module';
import type { StorageElementConfig } from './config/storage-element.config';

export const storageElementService: ServiceDefinition<StorageElementConfig> = {
  serviceName: 'storage-element',
  openApi: {
    title: 'ArtStore storage element',
    description: 'Durable file storage with attr.json metadata, modes and Range downloads.',
    version: '1.0.0',
  },
  // Later modules add their own mappers here.
  mapDomainError: combineDomainErrorMappers(mapAuthError),
  rootModule: (config, logger) => StorageElementModule.register(config, logger),
};
