/*
 * Environments matrix under load.
 *
 * Over 400 lines: seeding, the load runs and the in-process breakdown are
 * one measurement and print one report.
 *
 * 1,000 components x 6 environments x 200 deployments each (1.2M rows in
 * `deployments`, 6,000 in `environment_state`), on SQLite (temp file) and
 * PostgreSQL, served by the releases backend plugin in-process
 * (startTestBackend) and loaded over HTTP by bench/matrix-load.mjs in a
 * separate process: 50 concurrent keep-alive clients on
 * GET /api/releases/matrix?system=system:default/shop.
 *
 * Per database:
 *   - seeding time;
 *   - cold: the first request after start, then sequential requests each
 *     after a bump of the state version (cache miss: full rebuild);
 *   - load runs (throughput, p50/p90/p99/max, server CPU, event-loop
 *     utilisation, GC, rebuilds, PostgreSQL CPU): no Accept-Encoding (2 MB
 *     bodies), Accept-Encoding gzip (what browsers send), gzip with one
 *     deployment reported per second through POST /deployments (every one
 *     invalidates the cached matrix), and If-None-Match (304);
 *   - an in-process breakdown of one rebuild (catalog lookup, DB engine, rows
 *     out of the driver, row mapping, response assembly, JSON.stringify,
 *     sha1, gzip) and of the per-request state-version read.
 * No absolute time is asserted; the target (p99 < 50 ms) is only reported as
 * met or missed.
 *
 * Caveats: the catalog is catalogServiceMock (in-memory), not the catalog
 * backend; startTestBackend's root router has no compression middleware (the
 * route compresses by itself); load generator and server share the 2 CPUs.
 *
 * usage (repo root):
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/matrix.ts \
 *     [--db sqlite|pg|both] [--duration 10] [--warmup 3] [--concurrency 50]
 *     [--components 1000] [--deployments 200] [--writes-per-s 1]
 *     [--runs identity,gzip,writes,304] [--json FILE]
 *     [--pg postgresql://postgres@127.0.0.1:5432]
 */

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { knex as createKnex, type Knex } from 'knex';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { releasesPlugin } from '../plugins/releases-backend/src/plugin';
import { DatabaseDeploymentStore } from '../plugins/releases-backend/src/database/DeploymentStore';
import { environmentStatuses } from '../plugins/releases-backend/src/environments/statuses';
import type { MatrixResponse } from '@releases-for-backstage/plugin-releases-common';

const ROOT = path.resolve(__dirname, '..');
const MIGRATIONS = path.join(ROOT, 'plugins/releases-backend/migrations');
const LOADER = path.join(ROOT, 'bench/matrix-load.mjs');

// ---------------------------------------------------------------- options

function opt(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
if (process.argv.includes('--help')) {
  console.log(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
  process.exit(0);
}
const DB = opt('db', 'both');
const DURATION = Number(opt('duration', '10'));
const CONCURRENCY = Number(opt('concurrency', '50'));
const COMPONENTS = Number(opt('components', '1000'));
const DEPLOYMENTS = Number(opt('deployments', '200'));
const PG_URL = opt('pg', 'postgresql://postgres@127.0.0.1:5432');
const JSON_OUT = opt('json', '');
const WARMUP = Number(opt('warmup', '3'));
const WRITES_PER_S = Number(opt('writes-per-s', '1'));
const RUNS = opt('runs', 'identity,gzip,writes,304').split(',');
const SHORT = Math.min(5, DURATION);
const TARGET_P99_MS = 50;

const ENVIRONMENTS = [
  { name: 'dev', type: 'dev' },
  { name: 'qa', type: 'qa' },
  { name: 'staging', type: 'staging' },
  { name: 'canary', type: 'prod' },
  { name: 'prod-eu', type: 'prod' },
  { name: 'prod-us', type: 'prod' },
] as const;
const SYSTEM_REF = 'system:default/shop';

// ---------------------------------------------------------------- helpers

const ms = (t0: number) => performance.now() - t0;
const r1 = (v: number) => Math.round(v * 10) / 10;
const r2 = (v: number) => Math.round(v * 100) / 100;
const log = (...a: unknown[]) => console.log(...a);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

/** Deterministic hex digits (no crypto per row: 1.2M rows). */
function hex(seed: number, len: number): string {
  let x = (seed * 2654435761) >>> 0 || 1;
  let out = '';
  while (out.length < len) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, len);
}
const uuid = (seed: number) => {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20)}`;
};

/** Total CPU jiffies of all processes named `postgres` (the DB server's work). */
function postgresCpuTicks(): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres'))
        continue;
      const f = stat.slice(close + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime
    } catch {
      // process went away
    }
  }
  return ticks;
}

/** Machine-wide busy/total jiffies from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const f = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = f[3] + (f[4] ?? 0);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}
const CLK_TCK = 100;

// ---------------------------------------------------------------- data

function makeEntities(): Entity[] {
  const system: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'shop', namespace: 'default', title: 'Shop' },
    spec: { owner: 'group:default/team-shop' },
  };
  const components: Entity[] = [];
  for (let c = 0; c < COMPONENTS; c++) {
    const name = `svc-${String(c).padStart(4, '0')}`;
    components.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        title: `Service ${c}`,
        description: `Shop service number ${c}`,
        tags: ['shop', c % 2 ? 'java' : 'node'],
        annotations: {
          'github.com/project-slug': `acme/${name}`,
          'backstage.io/source-location': `url:https://github.com/acme/${name}/tree/main/`,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `group:default/team-${c % 20}`,
        system: 'shop',
      },
    });
  }
  return [system, ...components];
}

const DAY = 86_400_000;
const BASE = Date.UTC(2025, 0, 1);

type DeploymentRow = Record<string, string | number | Date | null>;

/** The 200 deployments of one (component, environment), oldest first, and its current state. */
function cellRows(
  c: number,
  e: number,
): { deployments: DeploymentRow[]; state: DeploymentRow } {
  const env = ENVIRONMENTS[e];
  const ref = `component:default/svc-${String(c).padStart(4, '0')}`;
  const isProd = env.type === 'prod';
  const deployments: DeploymentRow[] = [];
  for (let j = 0; j < DEPLOYMENTS; j++) {
    const seed = (c * 16 + e) * 1024 + j;
    const recorded = new Date(BASE + j * 1.5 * DAY + e * 3_600_000 + c * 1000);
    const last = j === DEPLOYMENTS - 1;
    const status =
      last && (c + e) % 31 === 0
        ? 'started'
        : (last && (c + e) % 23 === 0) || j % 17 === 16
        ? 'failed'
        : 'succeeded';
    deployments.push({
      entity_ref: ref,
      environment: env.name,
      version: `v${1 + Math.floor(j / 100)}.${Math.floor(j / 10) % 10}.${
        j % 10
      }`,
      sha: hex(seed, 40),
      status,
      run_url: `https://ci.example.com/acme/svc-${String(c).padStart(
        4,
        '0',
      )}/actions/runs/${1_000_000 + seed}`,
      actor: `user:default/dev-${(c + j) % 40}`,
      promotion_id: isProd ? uuid(seed) : null,
      started_at: new Date(recorded.getTime() - 300_000),
      finished_at: status === 'started' ? null : recorded,
      recorded_at: recorded,
    });
  }
  const d = deployments[deployments.length - 1];
  const state: DeploymentRow = {
    entity_ref: ref,
    environment: env.name,
    version: d.version,
    sha: d.sha,
    status:
      d.status === 'started'
        ? 'deploying'
        : d.status === 'succeeded'
        ? 'deployed'
        : 'failed',
    since: d.recorded_at,
    by: d.actor,
    run_url: d.run_url,
    promotion_id: d.promotion_id,
  };
  return { deployments, state };
}

async function seed(knex: Knex, client: 'sqlite' | 'pg') {
  // SQLite: knex writes a multi-row insert as a compound SELECT, limited to 500 terms.
  const batch = client === 'sqlite' ? 500 : 2000;
  const COMPONENTS_PER_TX = 25;
  const t0 = performance.now();
  for (let c0 = 0; c0 < COMPONENTS; c0 += COMPONENTS_PER_TX) {
    await knex.transaction(async tx => {
      let pending: DeploymentRow[] = [];
      const states: DeploymentRow[] = [];
      for (let c = c0; c < Math.min(COMPONENTS, c0 + COMPONENTS_PER_TX); c++) {
        for (let e = 0; e < ENVIRONMENTS.length; e++) {
          const { deployments, state } = cellRows(c, e);
          pending.push(...deployments);
          states.push(state);
          while (pending.length >= batch) {
            await tx('deployments').insert(pending.slice(0, batch));
            pending = pending.slice(batch);
          }
        }
      }
      if (pending.length) await tx('deployments').insert(pending);
      for (let i = 0; i < states.length; i += 50)
        await tx('environment_state').insert(states.slice(i, i + 50));
    });
    if ((c0 / COMPONENTS_PER_TX) % 10 === 9) {
      process.stdout.write(
        `  seeded ${c0 + COMPONENTS_PER_TX} components, ${r1(
          ms(t0) / 1000,
        )} s\r`,
      );
    }
  }
  process.stdout.write('\n');
  const insertMs = ms(t0);
  const t1 = performance.now();
  if (client === 'pg')
    await knex.raw('VACUUM ANALYZE deployments, environment_state');
  const analyzeMs = ms(t1);
  const [{ n: deployments }] = await knex('deployments').count({ n: '*' });
  const [{ n: states }] = await knex('environment_state').count({ n: '*' });
  return {
    insertMs,
    analyzeMs,
    deployments: Number(deployments),
    states: Number(states),
  };
}

// ---------------------------------------------------------------- databases

type Db = { knex: Knex; label: string; cleanup: () => Promise<void> };

async function openSqlite(): Promise<Db> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'releases-bench-'));
  const file = path.join(dir, 'releases.sqlite');
  const knex = createKnex({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  return {
    knex,
    label: `SQLite (better-sqlite3, file ${file})`,
    cleanup: async () => {
      await knex.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPg(): Promise<Db> {
  const name = `releases_bench_${Date.now()}`;
  const admin = createKnex({ client: 'pg', connection: `${PG_URL}/postgres` });
  await admin.raw(`CREATE DATABASE ${name}`);
  const knex = createKnex({ client: 'pg', connection: `${PG_URL}/${name}` });
  const [{ server_version: version }] = (await knex.raw('SHOW server_version'))
    .rows;
  return {
    knex,
    label: `PostgreSQL ${version} (${PG_URL}/${name}, knex pool default min 2 / max 10)`,
    cleanup: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

// ---------------------------------------------------------------- rebuild counter

/**
 * Counts calls of DeploymentStore.environmentStates: the matrix route calls it
 * once per rebuild of its cached body (nothing else calls it in this
 * benchmark). Counting only; the behaviour is unchanged.
 */
const counters = { environmentStates: 0 };
const originalEnvironmentStates =
  DatabaseDeploymentStore.prototype.environmentStates;
DatabaseDeploymentStore.prototype.environmentStates =
  function countedEnvironmentStates(
    this: DatabaseDeploymentStore,
    refs: string[],
  ) {
    counters.environmentStates++;
    return originalEnvironmentStates.call(this, refs);
  };

// ---------------------------------------------------------------- load

type Stats = {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  min: number;
};
type LoadResult = {
  mode: string;
  acceptEncoding: string;
  durationS: number;
  responseBytes: number;
  sequential: {
    count: number;
    p50: number;
    p90: number;
    min: number;
    max: number;
  };
  load: Stats & {
    throughput: number;
    completedInWindow: number;
    completedUntilDone: number;
    drainMs: number;
    mbPerS: number;
    clientCpuMs: number;
    distinctEtags: number;
  };
  writes: Stats & { ok: number; statuses: Record<string, number> };
  socketsOpenBeforeWarmup: number;
  staleSocketRetries: number;
  checked: number;
  fullyParsed: number;
  errors: number;
  firstErrors: string[];
  server: {
    cpuMs: number;
    cpuPerRequestMs: number;
    eventLoopUtilization: number;
    gcMs: number;
    gcCount: number;
    postgresCpuMs: number;
    machineBusyPct: number;
    windowMs: number;
    cpuPctOfOneCore: number;
    rebuilds: number;
  };
};

async function runLoad(
  url: string,
  extra: string[],
  duration: number,
  warmup: number,
): Promise<LoadResult> {
  const args = [
    LOADER,
    ...[
      '--url',
      url,
      '--concurrency',
      String(CONCURRENCY),
      '--duration',
      String(duration),
      '--warmup',
      String(warmup),
    ],
    ...[
      '--rows',
      String(COMPONENTS),
      '--envs',
      String(ENVIRONMENTS.length),
      ...extra,
    ],
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', d => (stderr += d));

  const gc: number[] = [];
  const obs = new PerformanceObserver(list => {
    for (const e of list.getEntries()) gc.push(e.duration);
  });
  let elu0 = performance.eventLoopUtilization();
  let cpu0 = process.cpuUsage();
  let pg0 = 0;
  let m0 = machineTicks();
  const server = {
    ...{
      cpuMs: 0,
      cpuPerRequestMs: 0,
      eventLoopUtilization: 0,
      gcMs: 0,
      gcCount: 0,
    },
    ...{
      postgresCpuMs: 0,
      machineBusyPct: 0,
      windowMs: 0,
      cpuPctOfOneCore: 0,
      rebuilds: 0,
    },
  };
  let w0 = performance.now();
  let rebuilds0 = counters.environmentStates;

  let out = '';
  let resultLine = '';
  child.stdout.on('data', d => {
    out += d;
    let nl;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      if (line === '@phase load') {
        elu0 = performance.eventLoopUtilization();
        cpu0 = process.cpuUsage();
        pg0 = postgresCpuTicks();
        m0 = machineTicks();
        w0 = performance.now();
        rebuilds0 = counters.environmentStates;
        gc.length = 0;
        obs.observe({ entryTypes: ['gc'] });
      } else if (line === '@phase done') {
        const elu = performance.eventLoopUtilization(elu0);
        const cpu = process.cpuUsage(cpu0);
        const m1 = machineTicks();
        obs.disconnect();
        server.eventLoopUtilization = r2(elu.utilization);
        server.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
        server.gcMs = Math.round(gc.reduce((a, b) => a + b, 0));
        server.gcCount = gc.length;
        server.postgresCpuMs = Math.round(
          ((postgresCpuTicks() - pg0) * 1000) / CLK_TCK,
        );
        server.machineBusyPct = Math.round(
          ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100,
        );
        server.windowMs = Math.round(ms(w0));
        server.cpuPctOfOneCore = Math.round(
          (server.cpuMs / server.windowMs) * 100,
        );
        server.rebuilds = counters.environmentStates - rebuilds0;
      } else if (line.startsWith('{')) {
        resultLine = line;
      }
    }
  });
  const code: number = await new Promise(resolve => child.on('close', resolve));
  if (code !== 0 || !resultLine)
    throw new Error(`load generator failed (exit ${code}):\n${stderr}`);
  const result = JSON.parse(resultLine);
  // The server window runs from the load marker until the last response (drain).
  server.cpuPerRequestMs = r2(
    server.cpuMs / Math.max(1, result.load.completedUntilDone),
  );
  return { ...result, server };
}

// ---------------------------------------------------------------- breakdown

async function breakdown(
  knex: Knex,
  entities: Entity[],
  responseBody: MatrixResponse,
) {
  const catalog = catalogServiceMock({ entities });
  const store = new DatabaseDeploymentStore(knex);
  const credentials = mockCredentials.user();
  const request = {
    filter: { kind: 'Component', 'spec.system': ['shop', SYSTEM_REF] },
    fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    orderFields: { field: 'metadata.name', order: 'asc' as const },
    limit: 10000,
  };
  const labels = [
    'catalog.queryEntities (in-memory catalog mock)',
    'DB engine only: same WHERE, SELECT count(*) (no rows out)',
    'DB: SELECT environment_state (knex, raw rows)',
    'environmentStatuses (query, rows, cells)',
    'assemble MatrixResponse rows',
    'JSON.stringify(body)',
    'Buffer.from(json) + sha1 ETag',
    'gzip, default level',
    'state version read (every request, also on a cache hit)',
  ];
  const wall: number[][] = labels.map(() => []);
  const cpu: number[][] = labels.map(() => []);
  const ROUNDS = 15;
  let gzipBytes = 0;
  const calls = counters.environmentStates;
  for (let round = -3; round < ROUNDS; round++) {
    /** Times one step: wall clock and this process' CPU (user + system). */
    const step = async <T>(k: number, fn: () => T | Promise<T>): Promise<T> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const out = await fn();
      const w = ms(t0);
      const c = process.cpuUsage(c0);
      if (round >= 0) {
        wall[k].push(w);
        cpu[k].push((c.user + c.system) / 1000);
      }
      return out;
    };
    const { items } = await step(0, () =>
      catalog.queryEntities(request as any, { credentials } as any),
    );
    const refs = items.map(e => stringifyEntityRef(e));
    await step(1, async () => {
      for (let i = 0; i < refs.length; i += 500) {
        await knex('environment_state')
          .whereIn('entity_ref', refs.slice(i, i + 500))
          .select(knex.raw('count(*) as n, sum(length(run_url)) as l'));
      }
    });
    await step(2, async () => {
      for (let i = 0; i < refs.length; i += 500)
        await knex('environment_state').whereIn(
          'entity_ref',
          refs.slice(i, i + 500),
        );
    });
    // The route's own builder, which also reads the states (step 3).
    const cellsByRef = await step(3, () =>
      environmentStatuses(store, ENVIRONMENTS, refs),
    );
    const body = await step(
      4,
      (): MatrixResponse => ({
        system: SYSTEM_REF,
        environments: ENVIRONMENTS.map(e => e.name),
        rows: items.map((e, i) => ({
          entityRef: refs[i],
          title: e.metadata.title ?? e.metadata.name,
          cells: cellsByRef.get(refs[i])!,
        })),
      }),
    );
    // Alternate the replica and the body the route really returned (same shape).
    const json = await step(5, () =>
      JSON.stringify(round % 2 ? body : responseBody),
    );
    const buf = await step(6, () => {
      const b = Buffer.from(json, 'utf8');
      createHash('sha1').update(b).digest('base64url');
      return b;
    });
    gzipBytes = (await step(7, () => gzipSync(buf))).length;
    await step(8, () => store.stateVersion());
  }
  const medians = Object.fromEntries(
    labels.map((k, i) => [k, r2(median(wall[i]))]),
  );
  const cpuMedians = Object.fromEntries(
    labels.map((k, i) => [k, r2(median(cpu[i]))]),
  );
  counters.environmentStates = calls; // the breakdown's own calls are no rebuilds
  return { rounds: ROUNDS, medians, cpuMedians, gzipBytes };
}

// ---------------------------------------------------------------- one database

async function benchDatabase(kind: 'sqlite' | 'pg', entities: Entity[]) {
  log(`\n=== ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ===`);
  const db = kind === 'sqlite' ? await openSqlite() : await openPg();
  const { knex } = db;
  log(db.label);
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  try {
    let t0 = performance.now();
    await knex.migrate.latest({ directory: MIGRATIONS });
    log(`migrations: ${Math.round(ms(t0))} ms`);
    const seeded = await seed(knex, kind);
    log(
      `seeded ${seeded.deployments.toLocaleString(
        'en',
      )} deployments + ${seeded.states.toLocaleString(
        'en',
      )} environment_state rows in ${r1(seeded.insertMs / 1000)} s` +
        (kind === 'pg'
          ? ` (+ VACUUM ANALYZE ${r1(seeded.analyzeMs / 1000)} s)`
          : ''),
    );
    if (seeded.deployments !== COMPONENTS * ENVIRONMENTS.length * DEPLOYMENTS)
      throw new Error('unexpected deployment count');

    t0 = performance.now();
    backend = await startTestBackend({
      features: [
        releasesPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            releases: {
              environments: ENVIRONMENTS.map(e => ({ ...e })),
              refresh: { initialDelay: { hours: 1 } },
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const address = backend.server.address();
    if (!address || typeof address === 'string')
      throw new Error(`unexpected server address ${address}`);
    const base = `http://127.0.0.1:${address.port}`;
    log(`backend started in ${Math.round(ms(t0))} ms on ${base}`);

    const url = `${base}/api/releases/matrix?system=${encodeURIComponent(
      SYSTEM_REF,
    )}`;
    // Cold: the first request builds the cached body.
    t0 = performance.now();
    let res = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    const authArgs: string[] = [];
    const authHeaders: Record<string, string> = {};
    let authNote =
      'no Authorization header (startTestBackend default credentials: mock user)';
    if (res.status === 401) {
      authNote = 'mockCredentials.user.header()';
      authHeaders.authorization = mockCredentials.user.header();
      authArgs.push('--authorization', authHeaders.authorization);
      t0 = performance.now();
      res = await fetch(url, {
        headers: { ...authHeaders, 'accept-encoding': 'identity' },
      });
    }
    const text = await res.text();
    const coldMs = ms(t0);
    if (res.status !== 200)
      throw new Error(`GET matrix -> ${res.status}: ${text.slice(0, 500)}`);
    const body = JSON.parse(text) as MatrixResponse;
    log(`auth: ${authNote}`);
    log(
      `response: ${body.rows.length} rows x ${
        body.environments.length
      } environments, ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB`,
    );
    if (body.rows.length !== COMPONENTS)
      throw new Error(`expected ${COMPONENTS} rows`);

    // Cache misses, one at a time: bump the version the route checks (what
    // every recorded deployment does), then request. The bump bypasses the
    // route's store, like another backend instance's write, so wait out the
    // 250 ms for which the route trusts the version it read last.
    const misses: number[] = [];
    const rebuilds0 = counters.environmentStates;
    for (let i = 0; i < 8; i++) {
      await knex('state_versions')
        .where({ name: 'environment_state' })
        .increment('version', 1);
      await new Promise(resolve => setTimeout(resolve, 300));
      t0 = performance.now();
      const r = await fetch(url, {
        headers: { ...authHeaders, 'accept-encoding': 'gzip' },
      });
      await r.arrayBuffer();
      misses.push(ms(t0));
    }
    const missRebuilds = counters.environmentStates - rebuilds0;
    log(
      `cold: first request ${Math.round(
        coldMs,
      )} ms; after a version bump (rebuild, sequential): ` +
        `p50 ${r1(median(misses))} ms, min ${r1(Math.min(...misses))}, max ${r1(
          Math.max(...misses),
        )} (${missRebuilds} rebuilds for ${misses.length} requests)`,
    );

    const runs: Record<string, LoadResult> = {};
    const gzip = ['--accept-encoding', 'gzip'];
    if (RUNS.includes('identity')) {
      log(
        `load, no Accept-Encoding (${(Buffer.byteLength(text) / 1e6).toFixed(
          2,
        )} MB bodies): ${CONCURRENCY} clients, ${DURATION} s after ${WARMUP} s warm-up ...`,
      );
      runs.identity = await runLoad(url, authArgs, DURATION, WARMUP);
      printLoad('identity', runs.identity);
    }
    if (RUNS.includes('gzip')) {
      log(
        `load, Accept-Encoding: gzip: ${CONCURRENCY} clients, ${DURATION} s after ${WARMUP} s warm-up ...`,
      );
      runs.gzip = await runLoad(url, [...authArgs, ...gzip], DURATION, WARMUP);
      printLoad('gzip', runs.gzip);
    }
    if (RUNS.includes('writes') && WRITES_PER_S > 0) {
      log(
        `load, gzip, with ${WRITES_PER_S} deployment report(s)/s (POST /deployments, each invalidates the cache): ${DURATION} s ...`,
      );
      const writeBody = JSON.stringify({
        entityRef: 'component:default/svc-0000',
        environment: 'dev',
        version: 'v9.0.{n}',
        status: 'succeeded',
      });
      runs.writes = await runLoad(
        url,
        [
          ...authArgs,
          ...gzip,
          '--write-url',
          `${base}/api/releases/deployments`,
          '--write-body',
          writeBody,
          '--write-every-ms',
          String(Math.round(1000 / WRITES_PER_S)),
        ],
        DURATION,
        WARMUP,
      );
      printLoad('gzip + writes', runs.writes);
    }
    if (RUNS.includes('304')) {
      log(`load, If-None-Match (304): ${SHORT} s ...`);
      runs.conditional = await runLoad(
        url,
        [...authArgs, '--mode', 'conditional', '--sequential', '10'],
        SHORT,
        2,
      );
      printLoad('If-None-Match -> 304', runs.conditional);
    }

    log(
      'in-process breakdown of one rebuild (median of 15, no load): wall ms / CPU ms of this process',
    );
    const parts = await breakdown(knex, entities, body);
    for (const [k, v] of Object.entries(parts.medians))
      log(
        `  ${k.padEnd(60)} ${String(v).padStart(8)} / ${String(
          parts.cpuMedians[k],
        ).padStart(8)}`,
      );
    log(
      `  (gzip: ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB -> ${(
        parts.gzipBytes / 1e3
      ).toFixed(0)} kB)`,
    );

    return {
      database: db.label,
      seeded,
      responseBytes: Buffer.byteLength(text),
      cold: {
        firstMs: r1(coldMs),
        missP50Ms: r1(median(misses)),
        missMinMs: r1(Math.min(...misses)),
        missMaxMs: r1(Math.max(...misses)),
        missRebuilds,
      },
      runs,
      breakdown: parts,
    };
  } finally {
    if (backend) await backend.stop();
    await db.cleanup();
  }
}

function printLoad(label: string, r: LoadResult) {
  const l = r.load;
  const s = r.server;
  log(
    `  ${label}: ${
      r.mode === 'conditional'
        ? '304, empty body'
        : `response ${r.responseBytes.toLocaleString('en')} bytes`
    }`,
  );
  log(
    `    sequential: p50 ${r.sequential.p50} ms (n=${r.sequential.count}, min ${r.sequential.min}, max ${r.sequential.max})`,
  );
  log(
    `    ${CONCURRENCY} concurrent, ${r.durationS} s: ${l.completedInWindow} responses = ${l.throughput} req/s (${l.mbPerS} MB/s); ${l.count} requests timed; ` +
      `p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${
        l.max
      } ms -> p99 < ${TARGET_P99_MS} ms target ${
        l.p99 < TARGET_P99_MS ? 'MET' : 'MISSED'
      }`,
  );
  log(
    `    server (window + drain, ${r1(s.windowMs / 1000)} s): CPU ${
      s.cpuMs
    } ms = ${s.cpuPctOfOneCore} % of one core (${
      s.cpuPerRequestMs
    } ms/request), ` +
      `event loop ${Math.round(s.eventLoopUtilization * 100)} % busy, GC ${
        s.gcMs
      } ms in ${s.gcCount} pauses, matrix rebuilds ${s.rebuilds}; ` +
      `postgres processes CPU ${s.postgresCpuMs} ms; load client CPU ${l.clientCpuMs} ms; machine ${s.machineBusyPct} % busy`,
  );
  if (r.writes.count) {
    log(
      `    writes: ${r.writes.ok}/${r.writes.count} ok ${JSON.stringify(
        r.writes.statuses,
      )}, p50 ${r.writes.p50} ms, max ${
        r.writes.max
      } ms; distinct ETags served ${l.distinctEtags}`,
    );
  }
  log(
    `    Little's law check: throughput x mean latency = ${r1(
      (l.throughput * l.mean) / 1000,
    )} requests in flight (clients: ${CONCURRENCY})`,
  );
  log(
    `    checked ${r.checked} responses (${r.fullyParsed} fully parsed): ${
      r.errors
    } errors${r.errors ? ` ${JSON.stringify(r.firstErrors)}` : ''}` +
      `; sockets open before warm-up ${r.socketsOpenBeforeWarmup}; stale keep-alive sockets retried: ${r.staleSocketRetries}`,
  );
}

// ---------------------------------------------------------------- main

async function main() {
  const started = performance.now();
  const kinds =
    DB === 'both'
      ? (['sqlite', 'pg'] as const)
      : DB === 'pg'
      ? (['pg'] as const)
      : (['sqlite'] as const);
  log('Environments matrix under load');
  log(
    `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${(
      os.totalmem() /
      2 ** 30
    ).toFixed(1)} GiB, ` +
      `load average ${os
        .loadavg()
        .map(v => v.toFixed(2))
        .join(' ')}; Node ${process.version}; ${new Date().toISOString()}`,
  );
  log(
    `data: ${COMPONENTS} components x ${ENVIRONMENTS.length} environments x ${DEPLOYMENTS} deployments`,
  );
  const entities = makeEntities();
  const results: Record<string, unknown> = {};
  for (const kind of kinds) {
    results[kind] = await benchDatabase(kind, entities);
  }
  log(
    `\ntotal ${r1(ms(started) / 1000)} s; load average now ${os
      .loadavg()
      .map(v => v.toFixed(2))
      .join(' ')}`,
  );
  if (JSON_OUT) {
    fs.writeFileSync(
      JSON_OUT,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          node: process.version,
          cpus: os.cpus().length,
          loadavg: os.loadavg(),
          results,
        },
        null,
        2,
      ),
    );
    log(`results written to ${JSON_OUT}`);
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
