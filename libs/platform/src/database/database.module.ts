import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { MigrationInterface } from 'typeorm';
import type { PlatformEnv } from '../config/platform-env.schema';
import { DatabaseMetrics } from './database.metrics';

export interface DatabaseOptions {
  serviceName: string;
  /** Migration classes, applied in order at start; the schema is never synchronized. */
  migrations: (new () => MigrationInterface)[];
  /** Entity classes of the service's features. */
  entities: (new () => object)[];
}

@Module({})
export class DatabaseModule {
  static forRoot(config: PlatformEnv, options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.DATABASE_URL,
          entities: options.entities,
          migrations: options.migrations,
          migrationsRun: true,
          migrationsTransactionMode: 'each',
          synchronize: false,
          logging: false,
          applicationName: options.serviceName,
          retryAttempts: config.DATABASE_CONNECT_RETRIES,
          retryDelay: 2_000,
          extra: {
            max: config.DATABASE_POOL_SIZE,
            connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
            statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
            query_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS + 1_000,
            idle_in_transaction_session_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
          },
        }),
      ],
      providers: [DatabaseMetrics],
    };
  }
}
