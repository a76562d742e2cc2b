import { mapAuthError } from '@artstore/auth';
import { combineDomainErrorMappers, type ServiceDefinition } from '@artstore/platform';
import { IngesterModule } from './app.module';
import type { IngesterConfig } from './config/ingester.config';
import { mapFileChangeError } from './file-changes/file-change.errors';
import { mapUploadError } from './uploads/upload.errors';

export const ingesterService: ServiceDefinition<IngesterConfig> = {
  serviceName: 'ingester',
  openApi: {
    title: 'ArtStore ingester',
    description: 'Streaming and resumable uploads through the upload saga.',
    version: '1.0.0',
  },
  mapDomainError: combineDomainErrorMappers(mapAuthError, mapUploadError, mapFileChangeError),
  rootModule: (config, logger) => IngesterModule.register(config, logger),
};
