#!/usr/bin/env node
// Parse-time scaling of the engine's commit parser
// (plugins/releases-common/src/commits/parseCommit.ts) on messages of 16 KiB
// to 1 MiB (`--sizes`) in several shapes. A linear parser takes about twice
// as long for twice the input (ratio 1024K/512K ~ 2); a quadratic one about
// four times.
//
// The TypeScript source runs through Backstage's Node transform, like the
// `releases` CLI does inside this repository. When the benchmark has
// installed conventional-changelog (bench/.work/cc), its parser
// (conventional-commits-parser with the angular preset) is timed on the same
// messages for comparison, with a time budget.
//
// usage: node bench/parse-scaling.mjs [--json] [--no-cc] [--sizes 16,32,64,128]

import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const require = createRequire(import.meta.url);

const args = process.argv.slice(2);
const json = args.includes('--json');
const withCc = !args.includes('--no-cc');
const sizesArg = args.includes('--sizes')
  ? args[args.indexOf('--sizes') + 1]
  : '16,32,64,128,256,512,1024';
const SIZES_KIB = sizesArg
  .split(',')
  .map(Number)
  .filter(n => n > 0);

const KIB = 1024;
const CC_STOP_MS = 1500;
const SENTENCE =
  'the service now checks the input before it reaches the database and returns a clear error ';

function fill(text, bytes) {
  let out = '';
  while (out.length < bytes) out += text;
  return out.slice(0, bytes);
}

/** Message shapes: (bytes) -> message of exactly `bytes` characters (ASCII). */
export const SHAPES = {
  'many lines': bytes => {
    const header = 'fix(api): handle slow queries\n\n';
    let body = '';
    while (header.length + body.length < bytes)
      body += `${SENTENCE.slice(0, 71)}\n`;
    return (header + body).slice(0, bytes);
  },
  'one long line': bytes => {
    const header = 'fix(api): handle slow queries\n\n';
    return header + fill(SENTENCE, bytes - header.length);
  },
  'long header': bytes => {
    const prefix = 'feat(api): ';
    return prefix + fill(SENTENCE, bytes - prefix.length);
  },
  'footer lines': bytes => {
    const header = 'feat(api): add retries\n\nSome body text.\n\n';
    let footers = '';
    for (let i = 0; header.length + footers.length < bytes; i++) {
      footers += `Refs: #${i}\nReviewed-by: Person ${i} <p${i}@example.com>\n`;
    }
    return (header + footers).slice(0, bytes);
  },
  'adversarial header': bytes => {
    // An opening parenthesis that never closes and no colon: the worst case
    // for backtracking header regular expressions.
    const prefix = 'feat(';
    return prefix + 'a'.repeat(bytes - prefix.length);
  },
};

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Calls per batch so one batch of fn() takes about `ms`. */
function calibrate(fn, ms) {
  for (let i = 0; i < 3; i++) fn();
  const t0 = now();
  fn();
  const single = Math.max(now() - t0, 0.0005);
  return Math.max(1, Math.min(100000, Math.round(ms / single)));
}

/**
 * Milliseconds per call of each fn, measured in interleaved batches (every
 * round runs one batch of each size, so drift hits all sizes alike). Returns
 * the minimum over rounds (the least disturbed by GC pauses and other
 * processes) and the median.
 */
function timeInterleaved(fns, { batchMs = 50, rounds = 11 } = {}) {
  const counts = fns.map(fn => calibrate(fn, batchMs));
  const samples = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      const start = now();
      for (let k = 0; k < counts[i]; k++) fn();
      samples[i].push((now() - start) / counts[i]);
    });
  }
  return samples.map(xs => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
  });
}

/** Median milliseconds per call of fn() (for the slow comparison parser). */
function timeIt(fn, { budgetMs = 200, batches = 5 } = {}) {
  const perBatch = calibrate(fn, budgetMs / batches);
  const samples = [];
  for (let b = 0; b < batches; b++) {
    const start = now();
    for (let i = 0; i < perBatch; i++) fn();
    samples.push((now() - start) / perBatch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

function loadEngine() {
  require('@backstage/cli/config/nodeTransform.cjs');
  return require(path.join(
    ROOT,
    'plugins/releases-common/src/commits/parseCommit.ts',
  ));
}

/** Entry file of an installed (possibly ESM-only) package. */
function packageEntry(pkgDir) {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'),
  );
  let entry = pkg.exports ?? pkg.module ?? pkg.main ?? 'index.js';
  if (entry && typeof entry === 'object' && entry['.']) entry = entry['.'];
  while (entry && typeof entry === 'object') {
    entry = entry.import ?? entry.default ?? entry.node ?? entry.require;
  }
  return { file: path.join(pkgDir, entry), version: pkg.version };
}

async function loadCcParser() {
  const base = path.join(ROOT, 'bench/.work/cc/node_modules');
  const parserDir = path.join(base, 'conventional-commits-parser');
  const presetDir = path.join(base, 'conventional-changelog-angular');
  if (!fs.existsSync(parserDir) || !fs.existsSync(presetDir)) return null;
  const parserEntry = packageEntry(parserDir);
  const presetEntry = packageEntry(presetDir);
  const version = parserEntry.version;
  const parserMod = await import(pathToFileURL(parserEntry.file).href);
  const presetMod = await import(pathToFileURL(presetEntry.file).href);
  const preset = await (presetMod.default ?? presetMod)();
  if (parserMod.CommitParser) {
    const parser = new parserMod.CommitParser(
      preset.parser ?? preset.parserOpts ?? {},
    );
    return { version, parse: message => parser.parse(message) };
  }
  const sync = parserMod.sync ?? parserMod.default?.sync;
  if (!sync) return null;
  return {
    version,
    parse: message => sync(message, preset.parserOpts ?? preset.parser ?? {}),
  };
}

async function main() {
  const engine = loadEngine();
  const parse =
    engine.parseCommitMessage ??
    (m =>
      engine.parseCommit({
        sha: '0'.repeat(40),
        parents: [],
        authorName: 'a',
        authorEmail: 'a@b',
        date: '2026-01-01T00:00:00Z',
        message: m,
      }));
  const results = [];
  for (const [shape, make] of Object.entries(SHAPES)) {
    const row = { parser: 'releases', shape, ms: {}, medianMs: {} };
    const messages = SIZES_KIB.map(kib => make(kib * KIB));
    for (const message of messages) {
      const parsed = parse(message);
      if (!parsed || typeof parsed.header !== 'string')
        throw new Error('parser returned no header');
    }
    const times = timeInterleaved(messages.map(m => () => parse(m)));
    SIZES_KIB.forEach((kib, i) => {
      row.ms[kib] = times[i].min;
      row.medianMs[kib] = times[i].median;
    });
    results.push(row);
  }

  let cc = null;
  if (withCc) {
    try {
      cc = await loadCcParser();
    } catch (error) {
      if (!json)
        console.log(
          `(conventional-commits-parser not loadable: ${error.message})`,
        );
    }
  }
  if (cc) {
    // Its parser is polynomial on long lines (and worse on an unclosed `(` in
    // the header), so it starts at 1 KiB and doubles until one parse takes
    // longer than CC_STOP_MS.
    for (const [shape, make] of Object.entries(SHAPES)) {
      const row = {
        parser: `conventional-commits-parser ${cc.version}`,
        shape,
        ms: {},
      };
      for (let kib = 1; kib <= Math.max(...SIZES_KIB); kib *= 2) {
        const message = make(kib * KIB);
        const t0 = now();
        cc.parse(message);
        const single = now() - t0;
        row.ms[kib] = single > 200 ? single : timeIt(() => cc.parse(message));
        if (single > CC_STOP_MS) {
          row.truncated = `stopped after ${kib} KiB: one parse took ${(
            single / 1000
          ).toFixed(1)} s`;
          break;
        }
      }
      results.push(row);
    }
  }

  for (const row of results) {
    const big = Math.max(...Object.keys(row.ms).map(Number));
    const half = big / 2;
    row.ratio = row.ms[half] ? row.ms[big] / row.ms[half] : null;
    row.ratioLabel = `${big}K/${half}K`;
    // Least-squares slope of log(time) over log(size): ~1 linear, ~2 quadratic.
    const pts = Object.entries(row.ms).map(([k, v]) => [
      Math.log(Number(k)),
      Math.log(v),
    ]);
    if (pts.length >= 2) {
      const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
      const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
      const num = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
      const den = pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
      row.exponent = num / den;
    }
    row.usPerKib = Object.fromEntries(
      Object.entries(row.ms).map(([k, v]) => [k, (v * 1000) / Number(k)]),
    );
  }

  if (json) {
    process.stdout.write(
      `${JSON.stringify({ sizesKiB: SIZES_KIB, results }, null, 2)}\n`,
    );
    return;
  }
  printTables(results, SIZES_KIB);
}

/** The engine's rows over `sizes`, then the comparison parser's rows over its own sizes. */
export function printTables(results, sizes, log = console.log) {
  const ours = results.filter(r => r.parser === 'releases');
  const others = results.filter(r => r.parser !== 'releases');
  printTable(ours, sizes, log);
  if (others.length) {
    const otherSizes = [
      ...new Set(others.flatMap(r => Object.keys(r.ms).map(Number))),
    ].sort((a, b) => a - b);
    log('');
    printTable(others, otherSizes, log);
  }
}

export function printTable(results, sizes = SIZES_KIB, log = console.log) {
  const head = [
    results[0]?.parser ?? 'parser',
    'shape',
    ...sizes.map(k => `${k} KiB ms`),
    'us/KiB @max',
    'ratio 2x size',
    'exponent',
  ];
  const rows = results.map(r => {
    const sizesDone = sizes.filter(k => r.ms[k] !== undefined);
    const max = sizesDone[sizesDone.length - 1];
    return [
      '',
      r.shape,
      ...sizes.map(k =>
        r.ms[k] === undefined
          ? '-'
          : r.ms[k] < 1
          ? r.ms[k].toFixed(3)
          : r.ms[k].toFixed(1),
      ),
      max ? r.usPerKib[max].toFixed(2) : '-',
      r.ratio
        ? `${r.ratio.toFixed(2)} (${r.ratioLabel})${r.truncated ? ' *' : ''}`
        : '-',
      r.exponent === undefined ? '-' : r.exponent.toFixed(2),
    ];
  });
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map(r => String(r[i]).length)),
  );
  const fmt = r =>
    r
      .map((c, i) =>
        i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]),
      )
      .join('  ');
  log(fmt(head));
  log(widths.map(w => '-'.repeat(w)).join('  '));
  for (const r of rows) log(fmt(r));
  for (const r of results) if (r.truncated) log(`* ${r.shape}: ${r.truncated}`);
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main().catch(error => {
    console.error(`parse-scaling: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
