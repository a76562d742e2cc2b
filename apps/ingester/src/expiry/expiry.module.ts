import { Module, type DynamicModule } from '@nestjs/common';
import { ExpiryMetrics } from './expiry.metrics';
import { TtlExpirySchedule } from './ttl-expiry.schedule';
import { TtlExpiryService } from './ttl-expiry.service';

/** SPEC §6: temporary files past ttl_expires_at leave through the delete saga, on a BullMQ schedule. */
@Module({})
export class ExpiryModule {
  /** @param fileChanges the app's FileChangesModule (its delete saga). */
  static register(fileChanges: DynamicModule): DynamicModule {
    return {
      module: ExpiryModule,
      imports: [fileChanges],
      providers: [ExpiryMetrics, TtlExpiryService, TtlExpirySchedule],
    };
  }
}
