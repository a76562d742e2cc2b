import { mapAuthError } from '@artstore/auth';
import { combineDomainErrorMappers, type ServiceDefinition } from '@artstore/platform';
import { QueryModule } from './app.module';
import type { QueryConfig } from './config/query.config';
import { mapFileMetadataError } from './file-metadata/file-metadata.errors';
import { mapSearchError } from './search/search.errors';

export const queryService: ServiceDefinition<QueryConfig> = {
  serviceName: 'query',
  openApi: {
    title: 'ArtStore query',
    description: 'Metadata search and downloads.',
    version: '1.0.0',
  },
  mapDomainError: combineDomainErrorMappers(mapAuthError, mapFileMetadataError, mapSearchError),
  rootModule: (config, logger) => QueryModule.register(config, logger),
};
