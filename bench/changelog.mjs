#!/usr/bin/env node
// Over 400 lines: building the repository, the installed CLI and the reference tool, the rounds and the report belong to one benchmark.
// Benchmark of the `releases` CLI against raw `git log` and
// conventional-changelog over a 20,000-commit repository.
//
//   node bench/changelog.mjs [--rounds 7] [--cc-rounds N] [--no-cc]
//                            [--commits 20000] [--rebuild] [--check] [--json FILE]
//
// * Builds the repository once with `git fast-import` (bench/.work/repo-<n>,
//   gitignored), then reuses it.
// * Installs conventional-changelog-cli for the benchmark only into
//   bench/.work/cc (never into the project's package.json); if that fails,
//   its case is skipped with a message.
// * Times the CLI as a package install holds it: a copy of packages/cli's
//   bin and dist in bench/.work/cli-installed (the bundle rebuilt when stale).
// * Times every command as a child process (spawn + drain stdout), with the
//   cases interleaved round-robin in the same run (the start rotates each
//   round), after one untimed warm-up round. Reports medians and ratios;
//   never asserts absolute times. --check exits 1 when a relative target
//   (see TARGETS) is missed.
// * Runs bench/parse-scaling.mjs for the parser's time over message size.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkoutHead,
  git,
  initRepo,
  requireGit,
  runFastImport,
} from '../scripts/lib/fast-import.mjs';
import { BIG_REPO_VERSION, bigRepoEvents } from './lib/big-repo.mjs';
import { printTables } from './parse-scaling.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const WORK = path.join(HERE, '.work');
const CLI_PACKAGE = path.join(ROOT, 'packages/cli');
const CC_DIR = path.join(WORK, 'cc');
const CC_BIN = path.join(
  CC_DIR,
  'node_modules/conventional-changelog-cli/cli.js',
);
// Newest first; the first that installs and runs is used.
const CC_VERSIONS = ['5.0.0', '4.1.0'];

const PARSE_SIZES_KIB = '16,32,64,128,256,512,1024';

export const TARGETS = {
  changelogVsGitLog: 3, // releases changelog (full history) <= 3x raw git log
  changelogVsCc: 20, // >= 20x faster than conventional-changelog
  // Parse time over message size, 16 KiB to 1 MiB: the largest size over
  // half of it is ~2 when linear and ~4 when quadratic, and the log-log
  // slope is ~1 when linear. Below ~256 KiB single ratios of these
  // sub-millisecond parses jump with V8's string and cache thresholds (a
  // header-only message went 0.047 -> 0.19 ms from 64 to 128 KiB, then
  // doubled per doubling up to 2 MiB), so the ratio is taken at the top.
  parseRatio: 3,
  parseExponent: 1.3,
};

function parseArgs(argv) {
  const o = {
    rounds: 7,
    ccRounds: null,
    cc: true,
    commits: 20000,
    rebuild: false,
    check: false,
    json: null,
    parse: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0)
        throw new Error(`${a} needs a positive integer`);
      return v;
    };
    if (a === '--rounds') o.rounds = num();
    else if (a === '--cc-rounds') o.ccRounds = num();
    else if (a === '--no-cc') o.cc = false;
    else if (a === '--no-parse') o.parse = false;
    else if (a === '--commits') o.commits = num();
    else if (a === '--rebuild') o.rebuild = true;
    else if (a === '--check') o.check = true;
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--help' || a === '-h') {
      const lines = fs
        .readFileSync(fileURLToPath(import.meta.url), 'utf8')
        .split('\n')
        .slice(1);
      console.log(
        lines
          .slice(
            0,
            lines.findIndex(l => !l.startsWith('//')),
          )
          .map(l => l.slice(3))
          .join('\n'),
      );
      process.exit(0);
    } else throw new Error(`Unknown option ${a}`);
  }
  o.ccRounds ??= o.rounds;
  return o;
}

const log = (...a) => console.log(...a);

// ---- the repository --------------------------------------------------------

async function ensureRepo(commits, rebuild) {
  const dir = path.join(WORK, `repo-${commits}`);
  const marker = path.join(WORK, `.complete-repo-${commits}`);
  const want = { version: BIG_REPO_VERSION, commits };
  if (
    !rebuild &&
    fs.existsSync(marker) &&
    fs.existsSync(path.join(dir, '.git'))
  ) {
    const have = JSON.parse(fs.readFileSync(marker, 'utf8'));
    if (have.version === want.version) return { dir, ...have, cached: true };
  }
  fs.rmSync(marker, { force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const tmp = path.join(WORK, `.tmp-repo-${commits}-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  const t0 = Date.now();
  log(
    `building the benchmark repository (${commits} commits) with git fast-import ...`,
  );
  const summary = {};
  try {
    initRepo(tmp);
    await runFastImport(tmp, bigRepoEvents({ commits }, summary));
    checkoutHead(tmp);
    git(tmp, ['pack-refs', '--all']);
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  const info = { ...want, ...summary, buildMs: Date.now() - t0 };
  fs.writeFileSync(marker, `${JSON.stringify(info, null, 2)}\n`);
  return { dir, ...info, cached: false };
}

// ---- conventional-changelog --------------------------------------------------

function ccWorks(repoDir) {
  try {
    execFileSync(process.execPath, [CC_BIN, '-p', 'angular', '-r', '1'], {
      cwd: repoDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120000,
    });
    return true;
  } catch {
    return false;
  }
}

function ensureCc(repoDir) {
  const marker = path.join(CC_DIR, '.installed');
  // Installed before: the warm-up run checks that it still works.
  if (fs.existsSync(marker) && fs.existsSync(CC_BIN)) {
    return { ok: true, version: fs.readFileSync(marker, 'utf8').trim() };
  }
  const errors = [];
  for (const version of CC_VERSIONS) {
    fs.rmSync(CC_DIR, { recursive: true, force: true });
    fs.mkdirSync(CC_DIR, { recursive: true });
    log(
      `installing conventional-changelog-cli@${version} into ${path.relative(
        ROOT,
        CC_DIR,
      )} (benchmark only) ...`,
    );
    try {
      // npm is npm-cli.js next to node, or `npm` on PATH.
      const npmCli = path.join(
        path.dirname(process.execPath),
        '../lib/node_modules/npm/bin/npm-cli.js',
      );
      const [cmd, pre] = fs.existsSync(npmCli)
        ? [process.execPath, [npmCli]]
        : ['npm', []];
      execFileSync(
        cmd,
        [
          ...pre,
          'install',
          '--prefix',
          CC_DIR,
          '--no-save',
          '--no-audit',
          '--no-fund',
          '--no-package-lock',
          '--loglevel=error',
          `conventional-changelog-cli@${version}`,
          'conventional-changelog-angular',
        ],
        { cwd: CC_DIR, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000 },
      );
      if (fs.existsSync(CC_BIN) && ccWorks(repoDir)) {
        fs.writeFileSync(marker, `${version}\n`);
        return { ok: true, version };
      }
      errors.push(`${version}: installed but does not run`);
    } catch (error) {
      const msg = String(error.stderr ?? error.message)
        .trim()
        .split('\n')
        .slice(-3)
        .join(' ');
      errors.push(`${version}: ${msg}`);
    }
  }
  return { ok: false, reason: errors.join('; ') };
}

// ---- which build of the CLI runs -------------------------------------------

function newestTs(dir) {
  let newest = 0;
  let entries = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestTs(file));
    else if (e.name.endsWith('.ts'))
      newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  return newest;
}

/** True when the CLI bundle is at least as new as every TypeScript source. */
function bundleFresh() {
  let bundle = 0;
  try {
    bundle = fs.statSync(path.join(CLI_PACKAGE, 'dist/releases.cjs')).mtimeMs;
  } catch {}
  const sources = Math.max(
    ...[
      'packages/cli/src',
      'plugins/releases-common/src',
      'plugins/releases-node/src',
    ].map(d => newestTs(path.join(ROOT, d))),
  );
  return bundle > 0 && sources <= bundle;
}

/**
 * The CLI as a package install holds it: bin/ and dist/ without sources.
 * In this repository bin/releases first walks the TypeScript sources to see
 * whether the bundle is stale (a few ms per start, for development); an
 * installed copy skips that, so it is what gets timed. A stale bundle is
 * rebuilt first, so the copy runs the checkout's code.
 */
function installCli() {
  if (!bundleFresh()) {
    log('CLI bundle is older than its sources: rebuilding it ...');
    execFileSync(
      process.execPath,
      [path.join(CLI_PACKAGE, 'scripts/bundle.mjs')],
      { stdio: 'inherit' },
    );
  }
  const dest = path.join(WORK, 'cli-installed');
  fs.rmSync(dest, { recursive: true, force: true });
  for (const d of ['bin', 'dist']) {
    fs.cpSync(path.join(CLI_PACKAGE, d), path.join(dest, d), {
      recursive: true,
    });
  }
  const built = fs
    .statSync(path.join(dest, 'dist/releases.cjs'))
    .mtime.toISOString();
  return {
    bin: path.join(dest, 'bin/releases'),
    note: `bin and dist of packages/cli (bundle built ${built}) copied to ${path.relative(
      ROOT,
      dest,
    )}, as installed`,
  };
}

// ---- timing ---------------------------------------------------------------

/** Runs a command, drains stdout; resolves { ms, bytes, code, stderr, stdout? }. */
function timeRun({ cmd, args, cwd, keepStdout = false }) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    const chunks = [];
    let stderr = '';
    child.stdout.on('data', c => {
      bytes += c.length;
      if (keepStdout) chunks.push(c);
    });
    child.stderr.on('data', c => {
      if (stderr.length < 4000) stderr += c;
    });
    child.on('error', reject);
    child.on('close', code => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      resolve({
        ms,
        bytes,
        code,
        stderr,
        stdout: keepStdout ? Buffer.concat(chunks).toString('utf8') : undefined,
      });
    });
  });
}

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function machineInfo() {
  const cpus = os.cpus();
  let gitVersion = '?';
  try {
    gitVersion = requireGit();
  } catch {}
  return {
    nproc:
      typeof os.availableParallelism === 'function'
        ? os.availableParallelism()
        : cpus.length,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    git: gitVersion,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadavg: os.loadavg().map(x => +x.toFixed(2)),
  };
}

function table(head, rows) {
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map(r => String(r[i]).length)),
  );
  const fmt = r =>
    r
      .map((c, i) =>
        i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]),
      )
      .join('  ');
  log(fmt(head));
  log(widths.map(w => '-'.repeat(w)).join('  '));
  for (const r of rows) log(fmt(r));
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  try {
    requireGit();
  } catch (error) {
    console.error(`bench: ${error.message}`);
    process.exit(1);
  }
  const machine = machineInfo();
  log(
    `machine: ${machine.nproc} CPUs (${machine.cpu}), ${
      machine.memGiB
    } GiB, node ${machine.node}, git ${machine.git}, ${
      machine.platform
    }, load ${machine.loadavg.join(' ')}`,
  );

  const repo = await ensureRepo(o.commits, o.rebuild);
  const dir = repo.dir;
  const root = git(dir, ['rev-list', '--max-parents=0', 'HEAD']);
  const total = Number(git(dir, ['rev-list', '--count', 'HEAD']));
  const tagList = git(dir, ['tag', '--list', 'v*', '--sort=v:refname'])
    .split('\n')
    .filter(Boolean);
  const tagCount = tagList.length;
  const midTag = tagList[Math.floor(tagCount / 2)];
  log(
    `repository: ${path.relative(ROOT, dir)} ${
      repo.cached ? '(cached)' : `(built in ${repo.buildMs} ms)`
    }: ` +
      `${total} commits, ${tagCount} tags, ${repo.merges} merges, ${repo.breaking} breaking changes, ` +
      `one 64 KiB message; newest tag ${repo.lastTag}`,
  );

  const node = process.execPath;
  const cases = [
    {
      id: 'git-log',
      label: 'raw git log (baseline)',
      cmd: 'git',
      args: [
        '-C',
        dir,
        'log',
        '--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%B%x00',
        'HEAD',
      ],
    },
  ];
  const skipped = [];

  // The CLI: present and working?
  let cliOk = false;
  let CLI = null;
  let installed = null;
  if (!fs.existsSync(path.join(CLI_PACKAGE, 'bin/releases'))) {
    skipped.push('releases CLI: packages/cli/bin/releases does not exist yet');
  } else {
    installed = installCli();
    CLI = installed.bin;
    log(`releases CLI runs: ${installed.note}`);
    const probe = await timeRun({
      cmd: node,
      args: [CLI, 'next-version', '--repo', dir, '--json'],
      cwd: ROOT,
      keepStdout: true,
    });
    if (probe.code !== 0) {
      skipped.push(
        `releases CLI: \`next-version --json\` exited ${probe.code}: ${
          probe.stderr.trim().split('\n')[0]
        }`,
      );
    } else {
      cliOk = true;
      log(`releases next-version --json: ${probe.stdout.trim().slice(0, 300)}`);
    }
  }
  if (cliOk) {
    cases.push(
      {
        id: 'changelog',
        label: 'releases changelog --from <root> (md)',
        cmd: node,
        args: [
          CLI,
          'changelog',
          '--repo',
          dir,
          '--from',
          root,
          '--to',
          'HEAD',
          '--format',
          'md',
        ],
      },
      {
        id: 'changelog-json',
        label: 'releases changelog --from <root> (json)',
        cmd: node,
        args: [
          CLI,
          'changelog',
          '--repo',
          dir,
          '--from',
          root,
          '--to',
          'HEAD',
          '--format',
          'json',
        ],
      },
      {
        // A range with a lower bound in the middle of history: git walks it
        // whole before writing (a negative revision), unlike --from <root>.
        id: 'changelog-half',
        label: `releases changelog --from ${midTag} (md, half)`,
        cmd: node,
        args: [
          CLI,
          'changelog',
          '--repo',
          dir,
          '--from',
          midTag,
          '--to',
          'HEAD',
          '--format',
          'md',
        ],
      },
      {
        id: 'next-version-full',
        label: 'releases next-version --from <root>',
        cmd: node,
        args: [CLI, 'next-version', '--repo', dir, '--from', root, '--json'],
      },
      {
        id: 'next-version',
        label: 'releases next-version (from newest tag)',
        cmd: node,
        args: [CLI, 'next-version', '--repo', dir, '--json'],
      },
      {
        id: 'node-start',
        label: 'node -e 0 (start-up, reference)',
        cmd: node,
        args: ['-e', '0'],
      },
    );
  }

  let ccInfo = { ok: false, reason: 'disabled with --no-cc' };
  if (o.cc) ccInfo = ensureCc(dir);
  if (ccInfo.ok) {
    cases.push({
      id: 'cc',
      label: `conventional-changelog ${ccInfo.version} -p angular -r 0`,
      cmd: node,
      args: [CC_BIN, '-p', 'angular', '-r', '0'],
      cwd: dir,
      rounds: o.ccRounds,
    });
  } else {
    skipped.push(`conventional-changelog: skipped (${ccInfo.reason})`);
  }
  for (const s of skipped) log(`note: ${s}`);

  // Warm-up (untimed) and output check.
  for (const c of cases) {
    const r = await timeRun({ cmd: c.cmd, args: c.args, cwd: c.cwd ?? ROOT });
    if (r.code !== 0)
      throw new Error(`${c.label} failed (exit ${r.code}): ${r.stderr.trim()}`);
    if (c.id !== 'node-start' && r.bytes === 0)
      throw new Error(`${c.label} printed nothing`);
    c.bytes = r.bytes;
    c.samples = [];
  }

  log(`timing ${cases.length} commands, ${o.rounds} interleaved rounds ...`);
  for (let round = 0; round < o.rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + round) % cases.length];
      if (c.rounds !== undefined && round >= c.rounds) continue;
      const r = await timeRun({ cmd: c.cmd, args: c.args, cwd: c.cwd ?? ROOT });
      if (r.code !== 0)
        throw new Error(
          `${c.label} failed (exit ${r.code}): ${r.stderr.trim()}`,
        );
      c.samples.push(r.ms);
    }
    process.stdout.write(`  round ${round + 1}/${o.rounds} done\r`);
  }
  log('');

  const base = median(cases[0].samples);
  const byId = Object.fromEntries(cases.map(c => [c.id, c]));
  for (const c of cases) {
    c.median = median(c.samples);
    c.min = Math.min(...c.samples);
    c.max = Math.max(...c.samples);
    c.ratio = c.median / base;
  }
  table(
    ['command', 'median ms', 'min ms', 'max ms', 'runs', 'x git log', 'output'],
    cases.map(c => [
      c.label,
      c.median.toFixed(0),
      c.min.toFixed(0),
      c.max.toFixed(0),
      c.samples.length,
      c.ratio.toFixed(2),
      `${(c.bytes / 1024).toFixed(0)} KiB`,
    ]),
  );

  const verdicts = [];
  if (byId.changelog) {
    const r = byId.changelog.ratio;
    verdicts.push({
      target: `releases changelog within ${TARGETS.changelogVsGitLog}x raw git log`,
      value: `${r.toFixed(2)}x`,
      ok: r <= TARGETS.changelogVsGitLog,
    });
  }
  if (byId.changelog && byId.cc) {
    const s = byId.cc.median / byId.changelog.median;
    log(
      `releases changelog vs conventional-changelog: ${s.toFixed(1)}x faster`,
    );
    verdicts.push({
      target: `releases changelog >= ${TARGETS.changelogVsCc}x faster than conventional-changelog`,
      value: `${s.toFixed(1)}x`,
      ok: s >= TARGETS.changelogVsCc,
    });
  }

  let parse = null;
  if (
    o.parse &&
    fs.existsSync(
      path.join(ROOT, 'plugins/releases-common/src/commits/parseCommit.ts'),
    )
  ) {
    log('\nparse time over message size (bench/parse-scaling.mjs):');
    const r = await timeRun({
      cmd: node,
      args: [
        path.join(HERE, 'parse-scaling.mjs'),
        '--json',
        '--sizes',
        PARSE_SIZES_KIB,
        ...(ccInfo.ok ? [] : ['--no-cc']),
      ],
      cwd: ROOT,
      keepStdout: true,
    });
    if (r.code !== 0) {
      log(
        `parse-scaling failed: ${r.stderr
          .trim()
          .split('\n')
          .slice(0, 3)
          .join(' ')}`,
      );
    } else {
      parse = JSON.parse(r.stdout);
      printTables(parse.results, parse.sizesKiB, log);
      const ours = parse.results.filter(x => x.parser === 'releases');
      const worst = Math.max(...ours.map(x => x.ratio));
      const worstExp = Math.max(...ours.map(x => x.exponent));
      const big = ours.find(x => x.shape === 'many lines');
      if (big) {
        log(
          `64 KiB message (many lines): ${big.ms[64].toFixed(
            3,
          )} ms; 128 KiB: ${big.ms[128].toFixed(3)} ms`,
        );
      }
      verdicts.push({
        target: `parse time linear in message size (every shape, 16 KiB-1 MiB: 1024K/512K < ${TARGETS.parseRatio}, exponent <= ${TARGETS.parseExponent})`,
        value: `worst ratio ${worst.toFixed(
          2,
        )}, worst exponent ${worstExp.toFixed(2)}`,
        ok: worst < TARGETS.parseRatio && worstExp <= TARGETS.parseExponent,
      });
    }
  }

  if (verdicts.length) {
    log('\ntargets (relative, same machine, same run):');
    for (const v of verdicts)
      log(`  ${v.ok ? 'PASS' : 'MISS'}  ${v.target}: ${v.value}`);
  }
  if (o.json) {
    fs.writeFileSync(
      o.json,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          machine,
          cli: installed?.note ?? null,
          repo: { commits: total, tags: tagCount, merges: repo.merges },
          cases: cases.map(
            ({ id, label, median: m, min, max, ratio, samples, bytes }) => ({
              id,
              label,
              median: m,
              min,
              max,
              ratio,
              samples,
              bytes,
            }),
          ),
          parse,
          verdicts,
          skipped,
        },
        null,
        2,
      )}\n`,
    );
    log(`results written to ${o.json}`);
  }
  if (o.check && verdicts.some(v => !v.ok)) process.exit(1);
}

main().catch(error => {
  console.error(`bench: ${error.stack ?? error.message}`);
  process.exit(1);
});
