/** The admin's registry did not answer usefully (network, timeout, 5xx, open circuit). */
export class RegistryUnavailableError extends Error {
  override readonly name = 'RegistryUnavailableError';
  readonly code = 'REGISTRY_UNAVAILABLE';

  constructor(
    reason: string,
    /** False when the request cannot have reached the admin (refused connection, open circuit). */
    readonly mayHaveLanded: boolean,
    options?: { cause?: unknown },
  ) {
    super(`file registry: ${reason}`, options);
  }
}

/** The registry refused the change (409 `version_conflict` / `stale_version`, another 4xx). */
export class RegistryRefusedError extends Error {
  override readonly name = 'RegistryRefusedError';
  readonly code = 'REGISTRY_REFUSED';

  constructor(
    readonly status: number,
    readonly problemCode: string | undefined,
  ) {
    super(`file registry answered ${status}${problemCode ? ` ${problemCode}` : ''}`);
  }
}
