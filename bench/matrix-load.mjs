#!/usr/bin/env node
// Load generator for bench/matrix.ts. Runs in its own process so that it does
// not share the server's event loop.
//
// Phases, in this order:
//   1. sequential: a few untimed requests, then --sequential N timed ones,
//      one at a time (the latency of a single request on a quiet server);
//   2. warm-up: --concurrency closed-loop clients for --warmup seconds;
//   3. load: the same for --duration seconds; every response is checked.
//
// Clients are closed-loop (each sends its next request when the previous one
// has been read completely) over keep-alive connections (node:http Agent).
// Latency = request sent -> last body byte received.
//
// Checks (--mode full): status 200, exactly --rows `"entityRef":` keys in the
// body (a byte search, cheap enough for every response), and a full
// JSON.parse (rows.length, cells per row) of the first response and every
// --parse-every-th one. A full parse of every ~1 MB body would cost the
// client as much CPU as the server spends producing it, on a 2-core machine.
// --mode conditional: the first response's ETag is sent as If-None-Match and
// every later response must be 304.
//
// stdout: "@phase <name>" lines when a phase starts, then one JSON line.
// usage: node bench/matrix-load.mjs --url URL [--concurrency 50]
//          [--duration 10] [--warmup 2] [--sequential 30] [--rows 1000]
//          [--envs 6] [--mode full|conditional] [--parse-every 25]

import http from 'node:http';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const url = new URL(arg('url', ''));
const concurrency = Number(arg('concurrency', '50'));
const durationS = Number(arg('duration', '10'));
const warmupS = Number(arg('warmup', '2'));
const sequentialN = Number(arg('sequential', '30'));
const expectRows = Number(arg('rows', '1000'));
const expectEnvs = Number(arg('envs', '6'));
const mode = arg('mode', 'full');
const parseEvery = Number(arg('parse-every', '25'));

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
const NEEDLE = Buffer.from('"entityRef":');

function request(headers = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.get(url, { agent, headers }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        resolve({
          status: res.statusCode,
          etag: res.headers.etag,
          body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
          ms: Number(process.hrtime.bigint() - t0) / 1e6,
        });
      });
    });
    req.on('error', reject);
  });
}

function countNeedle(buf) {
  let n = 0;
  for (let i = buf.indexOf(NEEDLE); i !== -1; i = buf.indexOf(NEEDLE, i + NEEDLE.length)) n++;
  return n;
}

let conditionalEtag;
let checked = 0;
let parsed = 0;
const errors = [];

function check(r) {
  checked++;
  if (mode === 'conditional') {
    if (r.status !== 304) return `status ${r.status}, expected 304`;
    return undefined;
  }
  if (r.status !== 200) return `status ${r.status}: ${r.body.subarray(0, 200).toString()}`;
  const n = countNeedle(r.body);
  if (n !== expectRows) return `${n} rows, expected ${expectRows}`;
  if (checked === 1 || checked % parseEvery === 0) {
    parsed++;
    const body = JSON.parse(r.body.toString('utf8'));
    if (!Array.isArray(body.rows) || body.rows.length !== expectRows) return `parsed ${body.rows?.length} rows`;
    for (const row of body.rows) {
      if (Object.keys(row.cells ?? {}).length !== expectEnvs) return `row ${row.entityRef} has ${Object.keys(row.cells ?? {}).length} cells`;
    }
  }
  return undefined;
}

function headers() {
  return mode === 'conditional' && conditionalEtag ? { 'if-none-match': conditionalEtag } : {};
}

function stats(samples, wallMs) {
  const s = Float64Array.from(samples).sort();
  const q = p => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
  const round = v => Math.round(v * 100) / 100;
  return {
    count: s.length,
    wallMs: round(wallMs),
    throughput: round((s.length / wallMs) * 1000),
    mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
    p50: round(q(50)),
    p90: round(q(90)),
    p99: round(q(99)),
    max: round(s.length ? s[s.length - 1] : NaN),
    min: round(s.length ? s[0] : NaN),
  };
}

async function closedLoop(seconds, record) {
  const samples = [];
  let bytes = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  async function client() {
    while (performance.now() < end) {
      const r = await request(headers());
      if (!record) continue;
      const err = check(r);
      if (err) errors.push(err);
      samples.push(r.ms);
      bytes += r.body.length;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  const wallMs = performance.now() - start;
  return { samples, bytes, wallMs };
}

async function main() {
  // The first response: correctness, size and (conditional mode) the ETag.
  const first = await request();
  if (first.status !== 200) throw new Error(`GET ${url} -> ${first.status}: ${first.body.subarray(0, 500)}`);
  const firstBytes = first.body.length;
  if (mode === 'conditional') {
    conditionalEtag = first.etag;
    if (!conditionalEtag) throw new Error('no ETag on the response');
  } else {
    const err = check(first);
    if (err) throw new Error(`first response: ${err}`);
  }

  process.stdout.write('@phase sequential\n');
  for (let i = 0; i < 5; i++) await request(headers());
  const seq = [];
  const seqStart = performance.now();
  for (let i = 0; i < sequentialN && performance.now() - seqStart < 8000; i++) {
    const r = await request(headers());
    const err = check(r);
    if (err) errors.push(err);
    seq.push(r.ms);
  }
  const sequential = stats(seq, performance.now() - seqStart);

  process.stdout.write('@phase warmup\n');
  await closedLoop(warmupS, false);

  process.stdout.write('@phase load\n');
  const cpu0 = process.cpuUsage();
  const load = await closedLoop(durationS, true);
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write('@phase done\n');

  const result = {
    url: url.pathname + url.search,
    mode,
    concurrency,
    durationS,
    responseBytes: firstBytes,
    sequential: { count: sequential.count, p50: sequential.p50, p90: sequential.p90, min: sequential.min, max: sequential.max },
    load: {
      ...stats(load.samples, load.wallMs),
      mbPerS: Math.round((load.bytes / 1e6 / (load.wallMs / 1000)) * 10) / 10,
      clientCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    },
    checked,
    fullyParsed: parsed,
    errors: errors.length,
    firstErrors: [...new Set(errors)].slice(0, 5),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  agent.destroy();
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
