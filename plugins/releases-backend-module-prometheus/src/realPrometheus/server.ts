/*
 * A real Prometheus for tests: known samples written as OpenMetrics,
 * turned into TSDB blocks by promtool, served on a free local port.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Absolute path of a binary, from `$<ENV>` or the usual places; throws if absent. */
export function findBinary(name: string, env: string): string {
  const override = process.env[env];
  if (override && !existsSync(override)) {
    throw new Error(
      `The real-Prometheus test needs the '${name}' binary: $${env} is ${override}, which does not exist`,
    );
  }
  const candidates = [
    process.env[env],
    `/usr/bin/${name}`,
    `/usr/local/bin/${name}`,
    ...(process.env.PATH ?? '').split(':').map(dir => join(dir, name)),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find(p => existsSync(p));
  if (!found) {
    throw new Error(
      `The real-Prometheus test needs the '${name}' binary (looked in $${env}, /usr/bin, /usr/local/bin and PATH). ` +
        `Install Debian's package: apt-get install prometheus`,
    );
  }
  return found;
}

export interface RealPrometheus {
  baseUrl: string;
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
  /** Removes the temporary folder. */
  cleanup(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise(resolve => probe.close(resolve));
  return port;
}

/** Loads `openMetrics` (ending in `# EOF`) and starts Prometheus on it. */
export async function startPrometheus(
  openMetrics: string,
): Promise<RealPrometheus> {
  const prometheus = findBinary('prometheus', 'PROMETHEUS_BIN');
  const promtool = findBinary('promtool', 'PROMTOOL_BIN');
  const dir = await mkdtemp(join(tmpdir(), 'releases-prometheus-'));
  try {
    return await serve(prometheus, promtool, dir, openMetrics);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

async function serve(
  prometheus: string,
  promtool: string,
  dir: string,
  openMetrics: string,
): Promise<RealPrometheus> {
  const samples = join(dir, 'samples.om');
  const storage = join(dir, 'data');
  const configFile = join(dir, 'prometheus.yml');
  const logFile = join(dir, 'prometheus.log');
  await writeFile(samples, openMetrics);
  await writeFile(configFile, 'global:\n  scrape_interval: 1h\n');
  try {
    await run(promtool, [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      samples,
      storage,
    ]);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(
      `promtool could not load the samples: ${err.stderr || err.message}`,
    );
  }

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    prometheus,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${storage}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // The samples are at most 3 hours old; keep them whatever the clock says.
      '--storage.tsdb.retention.time=30d',
    ],
    { stdio: ['ignore', log, log] },
  );
  // The child holds its own copy of the descriptor.
  closeSync(log);
  let exited = false;
  const exit = new Promise<void>(resolve =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      throw new Error(
        `prometheus exited before it was ready:\n${await readFile(
          logFile,
          'utf8',
        )}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/-/ready`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `prometheus was not ready within 30s:\n${await readFile(
          logFile,
          'utf8',
        )}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }

  return {
    baseUrl,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(killer);
    },
    async cleanup() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
