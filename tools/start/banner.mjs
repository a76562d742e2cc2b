// What a person needs after `npm start`: where everything is, how to log in, what to try first.
export function printBanner(topology, credentials, pids) {
  const byName = Object.fromEntries(topology.services.map((service) => [service.name, service]));
  const width = Math.max(...topology.services.map((service) => service.name.length));
  const lines = [
    '',
    'ArtStore is ready.',
    '',
    ...topology.services.map(
      (service) =>
        `  ${service.name.padEnd(width)}  ${service.url}  (docs ${service.url}/api/docs)` +
        (service.env.SE_MODE ? `  mode ${service.env.SE_MODE}` : ''),
    ),
    '',
    `  bootstrap admin client id:     ${credentials.clientId}`,
    `  bootstrap admin client secret: ${credentials.clientSecret}`,
    `  data directory:                ${topology.dataDir}`,
    `  process ids:                   ${pids.join(' ')}`,
    '',
    'Try:',
    `  TOKEN=$(curl -s -u '${credentials.clientId}:${credentials.clientSecret}' -d grant_type=client_credentials \\`,
    `          ${byName.admin.url}/api/v1/auth/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
    `  curl -s -H "Authorization: Bearer $TOKEN" ${byName.admin.url}/api/v1/service-accounts`,
    `  curl -s ${byName.admin.url}/health/ready`,
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}
