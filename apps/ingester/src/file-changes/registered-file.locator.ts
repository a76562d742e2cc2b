import type { FileMetadata } from '@artstore/contracts';
import { retry } from '@artstore/resilience';
import type { ElementTarget } from '../element-files/element-files.adapter';
import { RegistryRefusedError, RegistryUnavailableError } from '../file-registry/file-registry.errors';
import type { FileChangeSagaDependencies } from './file-change-saga.dependencies';
import { FileChangeError } from './file-change.errors';
import { REGISTRY_TRANSIENT } from './file-change.policies';

// The admin's registry keys files by canonical lowercase UUID.
const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A registered file and the element that holds it, as a file change starts from them. */
export interface LocatedFile {
  file: FileMetadata;
  element: ElementTarget;
}

/**
 * Where a file is: the admin's registry (the catalog of record) names the element, the published
 * configuration gives its URL. A read without effects, so it runs before the saga, not as a step.
 */
export async function locateRegisteredFile(
  deps: FileChangeSagaDependencies,
  fileId: string,
): Promise<LocatedFile> {
  if (!FILE_ID.test(fileId)) {
    throw new FileChangeError('invalid_file_id', 'The file id must be a lowercase UUID.');
  }
  let file: FileMetadata | undefined;
  try {
    // Each call has the registry breaker's deadline.
    file = await retry((_attempt, signal) => deps.registry.get(fileId, signal), REGISTRY_TRANSIENT);
  } catch (error) {
    if (error instanceof RegistryUnavailableError) {
      throw new FileChangeError('registry_unavailable', 'The file registry is unavailable; try again later.');
    }
    if (error instanceof RegistryRefusedError) {
      throw new FileChangeError(
        'registry_refused',
        `The file registry refused the lookup (${error.status}).`,
      );
    }
    throw error;
  }
  if (!file) {
    throw FileChangeError.notFound(fileId);
  }
  return { file, element: holdingElement(deps, file) };
}

/** The element of the published configuration that holds `file`. */
export function holdingElement(deps: FileChangeSagaDependencies, file: FileMetadata): ElementTarget {
  const element = deps.discovery
    .current()
    ?.elements.find((candidate) => candidate.id === file.storage_element_id);
  if (!element) {
    throw new FileChangeError(
      'element_unavailable',
      `Storage element ${file.storage_element_id}, which holds the file, is not in the configuration.`,
    );
  }
  return { id: element.id, url: element.url };
}
