import { Module } from '@nestjs/common';
import { SearchController } from './search.controller';
import { SearchMetrics } from './search.metrics';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/** `POST /api/v1/search` and `GET /api/v1/files` over the index (SPEC §8). */
@Module({
  controllers: [SearchController],
  providers: [SearchMetrics, SearchRepository, SearchService],
})
export class SearchModule {}
