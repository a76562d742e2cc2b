export const STORAGE_ELEMENT_MODES = ['edit', 'rw', 'ro', 'ar'] as const;
export type StorageElementMode = (typeof STORAGE_ELEMENT_MODES)[number];

export const STORAGE_ELEMENT_STATUSES = ['online', 'degraded', 'offline'] as const;
export type StorageElementStatus = (typeof STORAGE_ELEMENT_STATUSES)[number];

export const STORAGE_BACKENDS = ['fs', 's3'] as const;
export type StorageBackend = (typeof STORAGE_BACKENDS)[number];

/** `GET /api/v1/info` of a storage element. */
export interface StorageElementInfo {
  element_id: string;
  mode: StorageElementMode;
  priority: number;
  capacity_bytes: number;
  used_bytes: number;
  free_bytes: number;
  file_count: number;
  backend: StorageBackend;
  status: StorageElementStatus;
  version: string;
}

/** One element in the published configuration. */
export interface StorageElementEndpoint {
  id: string;
  url: string;
  mode: StorageElementMode;
  priority: number;
  capacity_bytes: number;
  used_bytes: number;
  free_bytes: number;
  status: StorageElementStatus;
}

/** The versioned configuration the admin publishes to Redis (SPEC section 5). */
export interface StorageElementsConfig {
  version: number;
  published_at: string;
  elements: StorageElementEndpoint[];
}

export const STORAGE_ELEMENTS_CONFIG_KEY = 'artstore:storage-elements:config';
export const STORAGE_ELEMENTS_CONFIG_CHANNEL = 'storage-elements:config';
