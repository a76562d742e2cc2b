import { Module, type DynamicModule } from '@nestjs/common';
import pg from 'pg';
import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadConfig,
  platformEnvSchema,
  PlatformModule,
  startService,
  type PlatformEnv,
  type ServiceDefinition,
  type StartedService,
} from '@artstore/platform';
import { captureLogger, createTestDatabase, testInfra, type TestDatabase } from '../src';

class CreateWidgets1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE widgets (id text PRIMARY KEY, label text NOT NULL)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE widgets');
  }
}

// An entity with no migration: if the schema were synchronized, its table would appear.
@Entity('unmigrated_gadgets')
class UnmigratedGadget {
  @PrimaryColumn()
  id!: string;

  @Column()
  label!: string;
}

@Module({})
class WidgetServiceModule {
  static register(config: PlatformEnv, logger: ReturnType<typeof captureLogger>['logger']): DynamicModule {
    return {
      module: WidgetServiceModule,
      imports: [
        PlatformModule.forRoot({
          serviceName: 'admin',
          config,
          logger,
          database: { migrations: [CreateWidgets1700000000000], entities: [UnmigratedGadget] },
        }),
      ],
    };
  }
}

const definition: ServiceDefinition<PlatformEnv> = {
  serviceName: 'admin',
  openApi: { title: 'widgets', description: 'test service', version: '0.0.0' },
  rootModule: (config, logger) => WidgetServiceModule.register(config, logger),
};

async function tableExists(url: string, table: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
      table,
    ]);
    return rows[0]?.found === table;
  } finally {
    await client.end();
  }
}

describe(PlatformModule.name, () => {
  let database: TestDatabase;
  let service: StartedService;

  beforeAll(async () => {
    database = await createTestDatabase('platform');
    const config = loadConfig('admin', platformEnvSchema, {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      REDIS_URL: testInfra.redisUrl,
      CORS_ORIGINS: 'https://console.example, https://ops.example',
    });
    service = await startService(definition, config, captureLogger('admin').logger);
  });

  afterAll(async () => {
    await service?.app.close();
    await database?.drop();
  });

  it('applies migrations at start and never synchronizes entities', async () => {
    expect(await tableExists(database.url, 'widgets')).toBe(true);
    expect(await tableExists(database.url, 'unmigrated_gadgets')).toBe(false);
  });

  it('allows CORS only for the allow-listed origins, without credentials', async () => {
    const preflight = (origin: string) =>
      fetch(`${service.url}/health/live`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const allowed = await preflight('https://console.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
