#!/usr/bin/env node
// Over 400 lines: one self-contained load generator (HTTP agent, pacing, stats).
// Load generator for bench/matrix.ts. Runs in its own process so that it does
// not share the server's event loop.
//
// Phases, in this order:
//   0. the first request (checked; its size is reported);
//   1. sequential: 5 untimed requests, then --sequential N timed ones, one at
//      a time (the latency of a single request on a quiet server);
//   2. preconnect: --concurrency cheap requests at once (default: the
//      backend's liveness endpoint; --preconnect none to skip), so that all
//      keep-alive connections exist before the load. Without it the clients
//      connect while the server is saturated, and Node accepted only one new
//      connection per event-loop iteration (each iteration = the work of all
//      requests in progress): the last connections waited 10+ s, which
//      measures the ramp-up, not the steady state;
//   3. warm-up: --concurrency closed-loop clients for --warmup seconds;
//   4. load: the same clients go on, without a pause, for --duration seconds;
//      then the requests in flight are awaited (drain).
//
// Clients are closed-loop (each sends its next request when the previous one
// has been read completely) over keep-alive connections (node:http Agent).
// Latency = request sent -> last body byte received. Timed: every request
// that completes after the window starts (it overlaps the window), including
// those sent during warm-up and those finished in the drain; timing only the
// requests *sent* in the window would drop exactly the slowest ones when the
// server is unfair. Throughput = responses completed in the window / window.
//
// Checks, on every response:
//   --mode full, identity: status 200, no Content-Encoding, exactly --rows
//     `"entityRef":` keys in the body (a byte search); the first response and
//     one per --parse-every-ms (default 1000) are fully parsed (rows, cells
//     per row);
//   --mode full, --accept-encoding gzip: status 200, Content-Encoding gzip;
//     a body whose ETag was not seen before (and one per --parse-every-ms)
//     is gunzipped, row-counted and parsed; any other body must have exactly
//     the length of the checked body with the same ETag (the server's ETag
//     is a sha1 of the JSON). Gunzipping and parsing every response would
//     cost the client far more CPU than the server spends on it, on a 2-core
//     machine that both share;
//   --mode conditional: the first response's ETag is sent as If-None-Match
//     and every later response must be 304.
//
// --write-url URL --write-body JSON --write-every-ms MS: during the window,
// one POST every MS milliseconds (one at a time); `{n}` in the body is
// replaced by a counter. Used to invalidate the server's matrix cache.
//
// stdout: "@phase <name>" lines when a phase starts, then one JSON line.
// usage: node bench/matrix-load.mjs --url URL [--concurrency 50]
//          [--duration 10] [--warmup 2] [--sequential 30] [--rows 1000]
//          [--envs 6] [--mode full|conditional] [--accept-encoding gzip]
//          [--parse-every-ms 1000] [--authorization 'Bearer ...']
//          [--preconnect URL|none]
//          [--write-url URL --write-body JSON --write-every-ms 1000]

import http from 'node:http';
import { gunzipSync } from 'node:zlib';

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
const acceptEncoding = arg('accept-encoding', '');
const parseEveryMs = Number(arg('parse-every-ms', '1000'));
const authorization = arg('authorization', '');
const preconnect = arg(
  'preconnect',
  `${url.origin}/.backstage/health/v1/liveness`,
);
const writeUrl = arg('write-url', '');
const writeBody = arg('write-body', '{}');
const writeEveryMs = Number(arg('write-every-ms', '0'));

const agent = new http.Agent({
  keepAlive: true,
  maxSockets: concurrency + 1,
  maxFreeSockets: concurrency + 1,
});
const NEEDLE = Buffer.from('"entityRef":');

let staleRetries = 0;

function requestOnce(
  headers,
  target = url,
  method = 'GET',
  payload = undefined,
) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(target, { agent, headers, method }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        resolve({
          status: res.statusCode,
          etag: res.headers.etag,
          encoding: res.headers['content-encoding'],
          body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
          ms: Number(process.hrtime.bigint() - t0) / 1e6,
        });
      });
    });
    req.on('error', error => {
      error.reusedSocket = req.reusedSocket;
      reject(error);
    });
    req.end(payload);
  });
}

/**
 * One request. A keep-alive socket that the server closed while it was idle
 * fails at once with ECONNRESET / "socket hang up" on reuse; that request is
 * retried on a new socket (Node's documented pattern) and counted.
 */
async function request(
  headers = {},
  target = url,
  method = 'GET',
  payload = undefined,
) {
  try {
    return await requestOnce(headers, target, method, payload);
  } catch (error) {
    if (!error.reusedSocket || !['ECONNRESET', 'EPIPE'].includes(error.code))
      throw error;
    staleRetries++;
    return requestOnce(headers, target, method, payload);
  }
}

function countNeedle(buf) {
  let n = 0;
  for (
    let i = buf.indexOf(NEEDLE);
    i !== -1;
    i = buf.indexOf(NEEDLE, i + NEEDLE.length)
  )
    n++;
  return n;
}

let conditionalEtag;
let lastFullCheck = 0;
let checked = 0;
let parsed = 0;
const errors = [];
/** ETag -> length of a body with that ETag that was fully checked. */
const verified = new Map();

function checkJson(json, full) {
  const n = countNeedle(json);
  if (n !== expectRows) return `${n} rows, expected ${expectRows}`;
  if (!full) return undefined;
  parsed++;
  const body = JSON.parse(json.toString('utf8'));
  if (!Array.isArray(body.rows) || body.rows.length !== expectRows)
    return `parsed ${body.rows?.length} rows`;
  for (const row of body.rows) {
    const cells = Object.keys(row.cells ?? {}).length;
    if (cells !== expectEnvs) return `row ${row.entityRef} has ${cells} cells`;
  }
  return undefined;
}

function check(r) {
  checked++;
  if (mode === 'conditional')
    return r.status === 304 ? undefined : `status ${r.status}, expected 304`;
  if (r.status !== 200)
    return `status ${r.status}: ${r.body.subarray(0, 200).toString()}`;
  // Full decode + parse: the first response, then at most one per
  // --parse-every-ms (the client shares the 2 CPUs with the server).
  const now = performance.now();
  const every = checked === 1 || now - lastFullCheck >= parseEveryMs;
  if (every) lastFullCheck = now;
  if (acceptEncoding === 'gzip') {
    if (r.encoding !== 'gzip')
      return `Content-Encoding ${r.encoding}, expected gzip`;
    if (!every && r.etag && verified.get(r.etag) === r.body.length)
      return undefined;
    if (!every && r.etag && verified.has(r.etag))
      return `length ${r.body.length} differs from the checked body with ETag ${r.etag}`;
    const err = checkJson(gunzipSync(r.body), true);
    if (!err && r.etag) verified.set(r.etag, r.body.length);
    return err;
  }
  if (r.encoding) return `Content-Encoding ${r.encoding}, expected none`;
  if (r.etag) verified.set(r.etag, r.body.length);
  return checkJson(r.body, every);
}

function headers() {
  const h = {};
  if (authorization) h.authorization = authorization;
  if (acceptEncoding) h['accept-encoding'] = acceptEncoding;
  if (mode === 'conditional' && conditionalEtag)
    h['if-none-match'] = conditionalEtag;
  return h;
}

const round2 = v => Math.round(v * 100) / 100;

function stats(samples) {
  const s = Float64Array.from(samples).sort();
  const q = p =>
    s.length
      ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
      : NaN;
  return {
    count: s.length,
    mean: round2(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
    p50: round2(q(50)),
    p90: round2(q(90)),
    p99: round2(q(99)),
    max: round2(s.length ? s[s.length - 1] : NaN),
    min: round2(s.length ? s[0] : NaN),
  };
}

/** Sequential POSTs during [start, end), one every `writeEveryMs`. */
async function writer(start, end) {
  const out = { count: 0, ok: 0, statuses: {}, ms: [] };
  if (!writeUrl || !writeEveryMs) return out;
  await new Promise(resolve =>
    setTimeout(resolve, Math.max(0, start - performance.now())),
  );
  for (let n = 0; performance.now() < end; n++) {
    const next = start + (n + 1) * writeEveryMs;
    const payload = writeBody.replaceAll('{n}', String(n));
    const h = {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    };
    const r = await request(h, new URL(writeUrl), 'POST', payload);
    out.count++;
    if (r.status >= 200 && r.status < 300) out.ok++;
    out.statuses[r.status] = (out.statuses[r.status] ?? 0) + 1;
    out.ms.push(r.ms);
    await new Promise(resolve =>
      setTimeout(resolve, Math.max(0, next - performance.now())),
    );
  }
  return out;
}

/** Closed loop through warm-up and load without a pause, then drain. */
async function closedLoop(warmup, seconds) {
  const samples = [];
  const etags = new Set();
  let bytes = 0;
  let completedInWindow = 0;
  let completedUntilDone = 0;
  const t0 = performance.now();
  const windowStart = t0 + warmup * 1000;
  const windowEnd = windowStart + seconds * 1000;
  let cpu0 = process.cpuUsage();
  const marker = setTimeout(() => {
    cpu0 = process.cpuUsage();
    process.stdout.write('@phase load\n');
  }, warmup * 1000);
  async function client() {
    for (;;) {
      if (performance.now() >= windowEnd) return;
      const r = await request(headers());
      const done = performance.now();
      if (done < windowStart) continue;
      completedUntilDone++;
      if (done < windowEnd) completedInWindow++;
      const err = check(r);
      if (err) errors.push(err);
      samples.push(r.ms);
      bytes += r.body.length;
      if (r.etag) etags.add(r.etag);
    }
  }
  const [writes] = await Promise.all([
    writer(windowStart, windowEnd),
    ...Array.from({ length: concurrency }, client),
  ]);
  clearTimeout(marker);
  process.stdout.write('@phase done\n');
  const drainMs = performance.now() - windowEnd;
  return {
    samples,
    bytes,
    etags,
    writes,
    completedInWindow,
    completedUntilDone,
    drainMs,
    cpu: process.cpuUsage(cpu0),
  };
}

async function main() {
  // The first response: correctness, size and (conditional mode) the ETag.
  const first = await request(headers());
  if (first.status !== 200)
    throw new Error(
      `GET ${url} -> ${first.status}: ${first.body.subarray(0, 500)}`,
    );
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
  const sequential = stats(seq);

  process.stdout.write('@phase preconnect\n');
  if (preconnect !== 'none') {
    const pre = await Promise.all(
      Array.from({ length: concurrency }, () =>
        request({}, new URL(preconnect)),
      ),
    );
    if (pre.some(r => r.status >= 500))
      throw new Error(
        `preconnect ${preconnect}: status ${pre.map(r => r.status)}`,
      );
  }
  const socketsOpen = Object.values(agent.freeSockets).reduce(
    (n, list) => n + list.length,
    0,
  );

  process.stdout.write('@phase warmup\n');
  const load = await closedLoop(warmupS, durationS);
  const cpu = load.cpu;
  const throughput = load.completedInWindow / durationS;

  const result = {
    url: url.pathname + url.search,
    mode,
    acceptEncoding: acceptEncoding || 'none',
    concurrency,
    durationS,
    responseBytes: firstBytes,
    sequential: {
      count: sequential.count,
      p50: sequential.p50,
      p90: sequential.p90,
      min: sequential.min,
      max: sequential.max,
    },
    load: {
      ...stats(load.samples),
      throughput: round2(throughput),
      completedInWindow: load.completedInWindow,
      completedUntilDone: load.completedUntilDone,
      drainMs: Math.round(load.drainMs),
      mbPerS:
        Math.round(
          ((throughput * (load.bytes / (load.samples.length || 1))) / 1e6) * 10,
        ) / 10,
      clientCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      distinctEtags: load.etags.size,
    },
    writes: {
      count: load.writes.count,
      ok: load.writes.ok,
      statuses: load.writes.statuses,
      ...stats(load.writes.ms),
    },
    socketsOpenBeforeWarmup: socketsOpen,
    staleSocketRetries: staleRetries,
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
