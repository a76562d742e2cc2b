/**
 * The data directory cannot be used by this element: it belongs to another SE_ID, or its identity
 * record is unreadable. Raised at start, before any request is served; the process exits 1.
 */
export class DataDirectoryIdentityError extends Error {
  static ownedByAnotherElement(file: string, owner: string, configured: string): DataDirectoryIdentityError {
    return new DataDirectoryIdentityError(
      `The data directory belongs to storage element ${owner} (${file}), not to SE_ID=${configured}: ` +
        'point SE_DATA_DIR at this element’s own directory.',
    );
  }

  static unreadable(file: string, reason: string): DataDirectoryIdentityError {
    return new DataDirectoryIdentityError(
      `${file} is not a valid element identity record (${reason}): restore it from a backup; ` +
        'never delete it to force a start.',
    );
  }

  private constructor(message: string) {
    super(message);
    this.name = 'DataDirectoryIdentityError';
  }
}
