/** Where tests find the real PostgreSQL and Redis (started by `npm test` when absent). */
export const testInfra = {
  postgresAdminUrl:
    process.env['ARTSTORE_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env['ARTSTORE_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
};
