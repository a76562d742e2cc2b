// `nx serve <app>`: rebuilds on change and restarts the app with the current environment.
import { spawn } from 'node:child_process';
import { watchApp } from '../build/build-app.mjs';

const app = process.argv[2];
let child;
let restarting = Promise.resolve();

function startChild() {
  child = spawn(process.execPath, ['--enable-source-maps', `dist/apps/${app}/main.js`], { stdio: 'inherit' });
}

function stopChild() {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null) {
      resolve();
      return;
    }
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

await watchApp(app, () => {
  restarting = restarting.then(stopChild).then(startChild);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    void stopChild().then(() => process.exit(0));
  });
}
