/** No element may take the file now: none of the right mode online, with room and a closed circuit. */
export class NoEligibleElementError extends Error {
  override readonly name = 'NoEligibleElementError';
  readonly code = 'NO_ELIGIBLE_ELEMENT';

  constructor(retentionPolicy: string) {
    super(`no storage element can take a ${retentionPolicy} file now`);
  }
}

/**
 * The store step runs without the request that carried the body (a recovery after a crash): it
 * cannot be re-run, so the saga compensates.
 */
export class UploadBodyLostError extends Error {
  override readonly name = 'UploadBodyLostError';
  readonly code = 'UPLOAD_BODY_LOST';

  constructor() {
    super('the upload body is gone (the request that carried it ended); the upload is undone');
  }
}

/** The element stored other bytes than the ingester read from the client. */
export class ChecksumMismatchError extends Error {
  override readonly name = 'ChecksumMismatchError';
  readonly code = 'ELEMENT_CHECKSUM_MISMATCH';

  constructor(
    elementId: string,
    expected: { sha256: string; size: number },
    actual: { sha256: string; size: number },
  ) {
    super(
      `storage element ${elementId} stored ${actual.size} bytes with sha256 ${actual.sha256}; ` +
        `the ingester read ${expected.size} bytes with sha256 ${expected.sha256}`,
    );
  }
}

/** The chosen element failed before any body byte was sent: the next eligible element may take it. */
export class ElementSkippedError extends Error {
  override readonly name = 'ElementSkippedError';
  readonly code = 'ELEMENT_SKIPPED';

  constructor(readonly reason: Error) {
    super(`${reason.message}; trying the next element`, { cause: reason });
  }
}
