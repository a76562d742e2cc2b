import type { StorageElementsConfigSubscriber } from '@artstore/service-discovery';
import type { ElementFilesAdapter } from '../element-files/element-files.adapter';
import type { FileRegistryAdapter } from '../file-registry/file-registry.adapter';

/** What the finalize, attribute-update and delete sagas call. */
export interface FileChangeSagaDependencies {
  discovery: StorageElementsConfigSubscriber;
  elements: ElementFilesAdapter;
  registry: FileRegistryAdapter;
}
