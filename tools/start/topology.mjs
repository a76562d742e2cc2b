// The local system `npm start` runs: one admin, three storage elements, ingester, query.
// Every port, path and URL can be overridden by environment variables (see README).
import path from 'node:path';

const GIB = 1024 ** 3;

// The fixed client ids of the internal accounts the admin seeds (SERVICE_CLIENT_IDS in
// libs/contracts/src/identity.ts; local-secrets.spec.ts keeps the two equal).
export const SERVICE_CLIENT_IDS = {
  ingester: 'artstore-ingester',
  query: 'artstore-query',
  storage: 'artstore-storage',
};

function databaseUrl(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * @typedef {object} LocalService
 * @property {string} name
 * @property {string} app
 * @property {keyof typeof SERVICE_CLIENT_IDS} [account] the internal account it calls others with
 * @property {number} port
 * @property {string} database
 * @property {string} url
 * @property {Record<string, string>} env
 */

/**
 * @param {Record<string, string | undefined>} [env]
 * @returns {{ postgresUrl: string, redisUrl: string, dataDir: string, services: LocalService[] }}
 */
export function localTopology(env = process.env) {
  const postgresUrl = env.ARTSTORE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const dataDir = path.resolve(env.ARTSTORE_DATA_DIR ?? 'data');
  const prefix = env.ARTSTORE_DATABASE_PREFIX ?? 'artstore_';
  const port = (name, fallback) => Number(env[name] ?? fallback);
  const adminPort = port('ADMIN_PORT', 8000);
  const adminUrl = `http://localhost:${adminPort}`;
  // Tokens carry the issuer and every service checks it, so all six get the same one.
  const issuer = env.ARTSTORE_ISSUER ?? adminUrl;
  const shared = {
    REDIS_URL: redisUrl,
    LOG_FORMAT: env.LOG_FORMAT ?? 'pretty',
    LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    NODE_ENV: 'development',
    ARTSTORE_ISSUER: issuer,
    // Where the services fetch the JWKS and their own tokens.
    ARTSTORE_ADMIN_URL: adminUrl,
    ...(env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT }
      : {}),
  };
  const element = (id, mode, portVariable, defaultPort, priority) => {
    const elementPort = port(portVariable, defaultPort);
    return {
      name: id,
      app: 'storage-element',
      account: 'storage',
      port: elementPort,
      database: `${prefix}${id.replaceAll('-', '_')}`,
      env: {
        SE_ID: id,
        SE_MODE: mode,
        SE_PRIORITY: String(priority),
        SE_CAPACITY_BYTES: env.SE_CAPACITY_BYTES ?? String(10 * GIB),
        SE_DATA_DIR: path.join(dataDir, id),
        SE_BACKEND: 'fs',
        SE_PUBLIC_URL: `http://localhost:${elementPort}`,
      },
    };
  };
  const services = [
    {
      name: 'admin',
      app: 'admin',
      port: adminPort,
      database: `${prefix}admin`,
      env: {},
    },
    element('se-01', 'edit', 'SE_01_PORT', 8010, 10),
    element('se-02', 'rw', 'SE_02_PORT', 8011, 10),
    element('se-03', 'rw', 'SE_03_PORT', 8012, 20),
    {
      name: 'ingester',
      app: 'ingester',
      account: 'ingester',
      port: port('INGESTER_PORT', 8020),
      database: `${prefix}ingester`,
      env: { DISCOVERY_STATE_DIR: path.join(dataDir, 'ingester') },
    },
    {
      name: 'query',
      app: 'query',
      account: 'query',
      port: port('QUERY_PORT', 8030),
      database: `${prefix}query`,
      env: { DISCOVERY_STATE_DIR: path.join(dataDir, 'query') },
    },
  ];
  return {
    postgresUrl,
    redisUrl,
    dataDir,
    services: services.map((service) => ({
      ...service,
      url: `http://localhost:${service.port}`,
      env: {
        ...shared,
        ...service.env,
        ...(service.account ? { ARTSTORE_CLIENT_ID: SERVICE_CLIENT_IDS[service.account] } : {}),
        PORT: String(service.port),
        DATABASE_URL: databaseUrl(postgresUrl, service.database),
      },
    })),
  };
}
