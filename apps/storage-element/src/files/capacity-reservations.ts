/**
 * Bytes promised to uploads still streaming, so concurrent uploads cannot together overfill the
 * element between the cache's usage figure and their commits. One process per element: in memory.
 */
export class CapacityReservations {
  private reservedBytes = 0;

  get reserved(): number {
    return this.reservedBytes;
  }

  /** Reserves `bytes` and returns the release function (call it once the upload ended either way). */
  reserve(bytes: number): () => void {
    this.reservedBytes += bytes;
    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.reservedBytes -= bytes;
      }
    };
  }
}
