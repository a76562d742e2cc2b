import { Injectable } from '@nestjs/common';
import { ElementUsage, type ElementUsageFigures } from '../info/element-usage';
import { FileCacheRepository } from './file-cache.repository';

/** `/api/v1/info`'s usage figures from the file cache. */
@Injectable()
export class CacheElementUsage extends ElementUsage {
  constructor(private readonly repository: FileCacheRepository) {
    super();
  }

  usage(): Promise<ElementUsageFigures> {
    return this.repository.usage();
  }
}
