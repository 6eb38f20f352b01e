#!/usr/bin/env node
// `npm start`: the portal (`backstage-cli repo start`) and, once its
// backend answers, the demo's pipeline reports (demo-seed.mjs). The portal
// keeps running when seeding fails; the reason is printed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemo } from './demo-seed.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const portal = spawn('npx', ['backstage-cli', 'repo', 'start'], {
  cwd: ROOT,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => portal.kill(signal));
}
portal.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});

seedDemo().then(
  r =>
    console.log(
      `demo-seed: pipeline traces of ${r.pipelines} releases and ${r.evaluations} SLO evaluations reported`,
    ),
  error => console.error(`demo-seed: ${error.message}`),
);
