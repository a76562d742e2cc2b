import { mapAuthError } from '@artstore/auth';
import { combineDomainErrorMappers, type ServiceDefinition } from '@artstore/platform';
import { QueryModule } from './app.module';
import type { QueryConfig } from './config/query.config';

export const queryService: ServiceDefinition<QueryConfig> = {
  serviceName: 'query',
  openApi: {
    title: 'ArtStore query',
    description: 'Metadata search and downloads.',
    version: '1.0.0',
  },
  // Later modules add their own mappers here.
  mapDomainError: combineDomainErrorMappers(mapAuthError),
  rootModule: (config, logger) => QueryModule.register(config, logger),
};
