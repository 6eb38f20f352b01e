// Starts and stops the demo portal (`npm start`) for end-to-end tests.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export const root = new URL('..', import.meta.url).pathname;

async function isUp(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

export async function waitFor(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(
        `portal exited with code ${child.exitCode} before ${url} was up`,
      );
    }
    if (await isUp(url)) return;
    await sleep(1000);
  }
  throw new Error(`${url} did not come up within ${timeoutMs / 1000} s`);
}

/** Starts `npm start` in its own process group; resolves once both ends are up. */
export async function startPortal({ env = {}, log = process.stderr } = {}) {
  for (const url of ['http://localhost:7007', 'http://localhost:3000']) {
    if (await isUp(url))
      throw new Error(`${url} is already in use; stop it first`);
  }
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    env: { ...process.env, BROWSER: 'none', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // `npm start` reports the demo's pipeline traces once the backend is up;
  // the tests start after that, so their audit trail is not interleaved.
  let seeded = false;
  const watch = d => {
    log.write(d);
    if (/^demo-seed: /m.test(String(d))) seeded = true;
  };
  child.stdout.on('data', watch);
  child.stderr.on('data', watch);
  const stop = async () => {
    if (child.exitCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 20 && child.exitCode === null; i++) await sleep(500);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    // The backend runs in a child process that may release the port late.
    for (let i = 0; i < 20 && (await isUp('http://localhost:7007')); i++)
      await sleep(500);
  };
  try {
    await waitFor(
      'http://localhost:7007/.backstage/health/v1/readiness',
      240_000,
      child,
    );
    await waitFor('http://localhost:3000', 240_000, child);
    for (let i = 0; i < 240 && !seeded && child.exitCode === null; i++)
      await sleep(500);
    if (!seeded)
      throw new Error('the demo seeding did not finish in 2 minutes');
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, stop };
}
