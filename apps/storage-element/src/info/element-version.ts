/** The storage element's release, reported by `/api/v1/info` and the OpenAPI document. */
export const STORAGE_ELEMENT_VERSION = '1.0.0';
