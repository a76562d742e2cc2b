/** What the element holds, for `/api/v1/info`. */
export interface ElementUsageFigures {
  usedBytes: number;
  fileCount: number;
}

/** Where the info route gets the element's usage from; the file cache provides it once files are stored. */
export abstract class ElementUsage {
  abstract usage(): Promise<ElementUsageFigures>;
}

/** The element does not store files yet (no upload route exists), so it holds nothing. */
export class NoFilesStoredUsage extends ElementUsage {
  usage(): Promise<ElementUsageFigures> {
    return Promise.resolve({ usedBytes: 0, fileCount: 0 });
  }
}
