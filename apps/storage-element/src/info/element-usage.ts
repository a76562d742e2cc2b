/** What the element holds, for `/api/v1/info`. */
export interface ElementUsageFigures {
  usedBytes: number;
  fileCount: number;
}

/** Where the info route gets the element's usage from (the file cache: `CacheElementUsage`). */
export abstract class ElementUsage {
  abstract usage(): Promise<ElementUsageFigures>;
}
