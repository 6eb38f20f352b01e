#!/usr/bin/env node
// Creates the Git repositories of the demo catalog (catalog/shop.yaml) under
// data/demo/repos/<component>. Run by `npm start` before the portal starts.
//
// Idempotent: a repository with its marker data/demo/repos/.complete-<name>
// is kept as it is (so tags and branches created through the portal survive
// restarts). A repository is built in a temporary directory next to its final
// place and renamed into place before the marker is written, so an
// interrupted run never leaves a half-built repository behind.
//
// Options:
//   --force        rebuild every repository
//   --only a,b     limit to some components
//   --now ISO      lay the history out before this instant instead of now
//                  (or RELEASES_DEMO_NOW); with a fixed instant the SHAs are
//                  reproducible
//   --quiet        print nothing but errors
// Environment: RELEASES_DEMO_DIR (another directory for the repositories),
// RELEASES_DEMO_NOW (same as --now).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRepository, git, requireGit } from './lib/fast-import.mjs';
import { DEMO_REPOS, demoRepoEvents } from './lib/demo-repos.mjs';
import { buildEnvironmentRepo } from './lib/demo-environments.mjs';
import { buildProductRepo } from './lib/demo-product.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// RELEASES_DEMO_DIR builds the same repositories elsewhere (tests that must
// not share state with a running portal); the catalog points at the default.
export const REPOS_DIR = process.env.RELEASES_DEMO_DIR
  ? path.resolve(process.env.RELEASES_DEMO_DIR)
  : path.join(ROOT, 'data', 'demo', 'repos');

function parseArgs(argv) {
  const opts = {
    force: false,
    only: null,
    now: process.env.RELEASES_DEMO_NOW || null,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--force') opts.force = true;
    else if (arg === '--quiet') opts.quiet = true;
    else if (arg === '--only')
      opts.only = String(argv[++i] ?? '')
        .split(',')
        .filter(Boolean);
    else if (arg === '--now') opts.now = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: node scripts/demo-setup.mjs [--force] [--only a,b] [--now ISO-DATE] [--quiet]',
      );
      process.exit(0);
    } else throw new Error(`Unknown option ${arg}`);
  }
  if (opts.only) {
    for (const name of opts.only) {
      if (!DEMO_REPOS[name]) {
        throw new Error(
          `Unknown component ${name}; known: ${Object.keys(DEMO_REPOS).join(
            ', ',
          )}`,
        );
      }
    }
  }
  let nowMs = Date.now();
  if (opts.now) {
    nowMs = Date.parse(opts.now);
    if (Number.isNaN(nowMs))
      throw new Error(`--now / RELEASES_DEMO_NOW is not a date: ${opts.now}`);
  }
  opts.nowMs = Math.floor(nowMs / 60000) * 60000;
  return opts;
}

const markerOf = name => path.join(REPOS_DIR, `.complete-${name}`);

function isComplete(name) {
  return (
    fs.existsSync(markerOf(name)) &&
    fs.existsSync(path.join(REPOS_DIR, name, '.git'))
  );
}

function describe(dir, tagPrefix) {
  const latest = git(dir, [
    'describe',
    '--tags',
    '--abbrev=0',
    '--match',
    `${tagPrefix}[0-9]*`,
    '--exclude',
    '*-rc.*',
    'HEAD',
  ]);
  const count = git(dir, ['rev-list', '--count', 'HEAD']);
  const unreleased = git(dir, [
    'rev-list',
    '--count',
    '--no-merges',
    `${latest}..HEAD`,
  ]);
  return { latest, count, unreleased };
}

/** Builds one repository; returns a one-line description. */
export async function buildDemoRepo(name, { nowMs, force = false } = {}) {
  const spec = DEMO_REPOS[name];
  const finalDir = path.join(REPOS_DIR, name);
  if (!force && isComplete(name)) {
    const d = describe(finalDir, spec.tagPrefix);
    return { name, action: 'kept', ...d };
  }
  fs.rmSync(markerOf(name), { force: true });
  const tmpDir = path.join(REPOS_DIR, `.tmp-${name}-${process.pid}`);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  const { events } = demoRepoEvents(name, { now: nowMs });
  try {
    await createRepository(tmpDir, events);
    const stale = fs.existsSync(finalDir);
    if (stale) fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(tmpDir, finalDir);
    const d = describe(finalDir, spec.tagPrefix);
    const head = git(finalDir, ['rev-parse', 'HEAD']);
    fs.writeFileSync(
      markerOf(name),
      `${JSON.stringify(
        {
          name,
          head,
          createdAt: new Date().toISOString(),
          historyEnd: new Date(nowMs).toISOString(),
        },
        null,
        2,
      )}\n`,
    );
    return { name, action: stale ? 'rebuilt' : 'created', ...d };
  } catch (error) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    throw new Error(`${name}: ${error.message}`);
  }
}

export const ENVIRONMENT_REPO = 'shop-environments';

/**
 * Builds the environment repository from the component repositories; rebuilt
 * whenever a component repository was, since it records their commits.
 */
export function buildDemoEnvironments({ nowMs, force = false }) {
  const finalDir = path.join(REPOS_DIR, ENVIRONMENT_REPO);
  const describeEnv = action => ({
    name: ENVIRONMENT_REPO,
    action,
    count: git(finalDir, ['rev-list', '--count', '--all']),
    latest: git(finalDir, [
      'for-each-ref',
      '--count=1',
      '--sort=-committerdate',
      '--format=%(refname:strip=2)',
      'refs/heads/environment',
    ]),
    unreleased: 0,
  });
  if (!force && isComplete(ENVIRONMENT_REPO)) return describeEnv('kept');
  fs.rmSync(markerOf(ENVIRONMENT_REPO), { force: true });
  const tmpDir = path.join(
    REPOS_DIR,
    `.tmp-${ENVIRONMENT_REPO}-${process.pid}`,
  );
  fs.rmSync(tmpDir, { recursive: true, force: true });
  const components = Object.fromEntries(
    Object.entries(DEMO_REPOS).map(([name, spec]) => [
      name,
      {
        dir: path.join(REPOS_DIR, name),
        tagPrefix: spec.tagPrefix,
        schemaFile: spec.schemaFile,
      },
    ]),
  );
  try {
    buildEnvironmentRepo(tmpDir, components, { nowMs });
    const stale = fs.existsSync(finalDir);
    if (stale) fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(tmpDir, finalDir);
    fs.writeFileSync(
      markerOf(ENVIRONMENT_REPO),
      `${JSON.stringify({
        name: ENVIRONMENT_REPO,
        createdAt: new Date().toISOString(),
      })}\n`,
    );
    return describeEnv(stale ? 'rebuilt' : 'created');
  } catch (error) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    throw new Error(`${ENVIRONMENT_REPO}: ${error.message}`);
  }
}

export const PRODUCT_REPO = 'shop-product.git';

/**
 * Builds the bare product repository from the component repositories'
 * tags; rebuilt whenever a component repository was.
 */
export function buildDemoProduct({ nowMs, force = false }) {
  const finalDir = path.join(REPOS_DIR, PRODUCT_REPO);
  const marker = markerOf(PRODUCT_REPO);
  const describeProduct = action => ({
    name: PRODUCT_REPO,
    action,
    count: git(finalDir, ['rev-list', '--count', '--all']),
    latest: git(finalDir, ['describe', '--tags', '--abbrev=0', 'main']),
    unreleased: 0,
  });
  if (!force && fs.existsSync(marker) && fs.existsSync(finalDir)) {
    return describeProduct('kept');
  }
  fs.rmSync(marker, { force: true });
  const tmpDir = path.join(REPOS_DIR, `.tmp-${PRODUCT_REPO}-${process.pid}`);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  const components = Object.fromEntries(
    Object.entries(DEMO_REPOS).map(([name, spec]) => [
      name,
      { dir: path.join(REPOS_DIR, name), tagPrefix: spec.tagPrefix },
    ]),
  );
  try {
    buildProductRepo(tmpDir, components, { nowMs });
    const stale = fs.existsSync(finalDir);
    if (stale) fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(tmpDir, finalDir);
    fs.writeFileSync(
      marker,
      `${JSON.stringify({
        name: PRODUCT_REPO,
        createdAt: new Date().toISOString(),
      })}\n`,
    );
    return describeProduct(stale ? 'rebuilt' : 'created');
  } catch (error) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    throw new Error(`${PRODUCT_REPO}: ${error.message}`);
  }
}

async function main() {
  const started = process.hrtime.bigint();
  const opts = parseArgs(process.argv.slice(2));
  try {
    requireGit();
  } catch (error) {
    console.error(`demo-setup: ${error.message}`);
    process.exit(1);
  }
  fs.mkdirSync(REPOS_DIR, { recursive: true });
  // Leftovers of an interrupted run.
  for (const entry of fs.readdirSync(REPOS_DIR)) {
    if (entry.startsWith('.tmp-')) {
      fs.rmSync(path.join(REPOS_DIR, entry), { recursive: true, force: true });
    }
  }
  const names = opts.only ?? Object.keys(DEMO_REPOS);
  const settled = await Promise.allSettled(
    names.map(name =>
      buildDemoRepo(name, { nowMs: opts.nowMs, force: opts.force }),
    ),
  );
  const failed = settled.filter(s => s.status === 'rejected');
  if (failed.length) {
    for (const f of failed) console.error(`demo-setup: ${f.reason.message}`);
    process.exit(1);
  }
  const results = settled.map(s => s.value);
  const componentsChanged = results.some(r => r.action !== 'kept');
  results.push(
    buildDemoEnvironments({
      nowMs: opts.nowMs,
      force: opts.force || componentsChanged,
    }),
    buildDemoProduct({
      nowMs: opts.nowMs,
      force: opts.force || componentsChanged,
    }),
  );
  if (!opts.quiet) {
    const rel = path.relative(process.cwd(), REPOS_DIR) || '.';
    for (const r of results) {
      console.log(
        `demo-setup: ${r.name.padEnd(10)} ${r.action.padEnd(7)} ${String(
          r.count,
        ).padStart(3)} commits, ` +
          `latest ${r.latest}, ${r.unreleased} unreleased  ${path.join(
            rel,
            r.name,
          )}`,
      );
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`demo-setup: done in ${ms.toFixed(0)} ms`);
  }
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main().catch(error => {
    console.error(`demo-setup: ${error.message}`);
    process.exit(1);
  });
}
