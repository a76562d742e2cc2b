/** Serializes tasks per key (here: per file id); different keys run in parallel. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async runExclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const tail = new Promise<void>((resolve) => (release = resolve));
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      // Forget the key once nobody queued behind us, so the map does not grow with every id.
      if (this.tails.get(key) === tail) {
        this.tails.delete(key);
      }
    }
  }
}
