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
  /** Files whose bytes failed their sha256 check (scrub or download); not served until repaired. */
  corrupted_file_count: number;
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

/** Operations a storage element's mode allows or refuses (SPEC section 4, the modes table). */
export const STORAGE_ELEMENT_OPERATIONS = ['create', 'read', 'update_metadata', 'delete'] as const;
export type StorageElementOperation = (typeof STORAGE_ELEMENT_OPERATIONS)[number];

/** Who changed an element's mode: the first start, an operator's new `SE_MODE`, or `POST /api/v1/mode`. */
export const STORAGE_ELEMENT_MODE_CHANGE_SOURCES = ['initial', 'config', 'api'] as const;
export type StorageElementModeChangeSource = (typeof STORAGE_ELEMENT_MODE_CHANGE_SOURCES)[number];

/** One entry of an element's mode history. */
export interface StorageElementModeChange {
  at: string;
  from: StorageElementMode | null;
  to: StorageElementMode;
  source: StorageElementModeChangeSource;
  /** The client id for an API change; `SE_MODE` for a change made through configuration. */
  actor: string;
  reason: string;
}

/** `POST /api/v1/mode` {mode, reason}. */
export interface StorageElementModeRequest {
  mode: StorageElementMode;
  reason: string;
}

/** The answer of `POST /api/v1/mode`: the element's mode after the change. */
export interface StorageElementModeState {
  element_id: string;
  mode: StorageElementMode;
  /** `SE_MODE` as configured at the element's last start. */
  configured_mode: StorageElementMode;
  changed_at: string;
  /** Modes `POST /api/v1/mode` may move to from here (none for edit and ar). */
  allowed_transitions: StorageElementMode[];
  last_change: StorageElementModeChange;
}
