import type { ServiceDefinition } from '@artstore/platform';
import { AdminModule } from './app.module';
import type { AdminConfig } from './config/admin.config';

export const adminService: ServiceDefinition<AdminConfig> = {
  serviceName: 'admin',
  openApi: {
    title: 'ArtStore admin',
    description: 'Identity, storage-element registry, file registry, audit.',
    version: '1.0.0',
  },
  rootModule: (config, logger) => AdminModule.register(config, logger),
};
