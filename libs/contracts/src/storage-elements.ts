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

/** Mode changes `POST /api/v1/mode` accepts (SPEC section 4): edit and ar change only by `SE_MODE` and a restart. */
export const STORAGE_ELEMENT_API_TRANSITIONS: Readonly<
  Record<StorageElementMode, readonly StorageElementMode[]>
> = {
  edit: [],
  rw: ['ro'],
  ro: ['ar'],
  ar: [],
};

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

/** One element in the admin's registry (SPEC section 5). */
export interface StorageElementRecord {
  id: string;
  url: string;
  name: string;
  description: string;
  mode: StorageElementMode;
  priority: number;
  capacity_bytes: number;
  used_bytes: number;
  free_bytes: number;
  file_count: number;
  status: StorageElementStatus;
  backend: StorageBackend;
  /** The element's software version from its `/api/v1/info`. */
  version: string;
  last_seen_at: string | null;
  registered_at: string;
  updated_at: string;
}

/** `POST /api/v1/storage-elements` {url}: the admin reads the element's `/api/v1/info` there. */
export interface StorageElementRegistration {
  url: string;
}

/** `PATCH /api/v1/storage-elements/{id}`. */
export interface StorageElementUpdate {
  priority?: number;
  name?: string;
  description?: string;
}

/** `POST /api/v1/storage-elements/{id}/mode` {mode, reason}: the mode-change saga. */
export type StorageElementModeChangeRequest = StorageElementModeRequest;

/** `GET /api/v1/storage-elements/stats/summary`. */
export interface StorageElementsSummary {
  total: number;
  by_mode: Record<StorageElementMode, number>;
  by_status: Record<StorageElementStatus, number>;
  capacity_bytes: number;
  used_bytes: number;
  free_bytes: number;
  file_count: number;
}
