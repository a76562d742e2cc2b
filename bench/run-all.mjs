// `npm run bench`: every benchmark in this folder, one after another (never part of `npm test`).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const benches = readdirSync('bench')
  .filter((file) => file.endsWith('.bench.mjs'))
  .sort();
let failures = 0;
for (const bench of benches) {
  console.log(`\n### ${bench}`);
  const { status } = spawnSync(process.execPath, [`bench/${bench}`], { stdio: 'inherit' });
  failures += status === 0 ? 0 : 1;
}
process.exit(failures === 0 ? 0 : 1);
