// Helpers to create Git repositories from a list of events with one
// `git fast-import` process per repository (hundreds of commits per second
// instead of several git processes per commit).
//
// Only Node built-ins; every git call takes an argument array, never a shell
// string. Used by scripts/demo-setup.mjs, bench/changelog.mjs and tests.
//
// Event shapes (marks are positive integers, refs are full ref names):
//
//   { kind: 'commit', mark, ref = 'refs/heads/main',
//     author: { name, email, time, tz },        // time: epoch seconds, tz: '+0100'
//     committer = author,
//     message: string | (shas: string[]) => string,
//     needs: [mark, ...],                        // marks whose SHAs `message` receives
//     from: mark | sha | undefined,              // first parent (undefined: ref's tip / root)
//     merge: [mark | sha, ...],                  // further parents
//     files: [{ path, content: string|Buffer|null }] }   // null deletes the path
//   { kind: 'tag', name, from: mark | sha, tagger: { name, email, time, tz }, message }
//   { kind: 'lightweight-tag', name, from: mark | sha }
//   { kind: 'reset', ref, from: mark | sha }

import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';

/** `-c` options that keep a user's or system's git config from changing the result. */
export const GIT_CONFIG_ARGS = [
  '-c', 'init.defaultBranch=main',
  '-c', 'commit.gpgsign=false',
  '-c', 'tag.gpgsign=false',
  '-c', 'core.autocrlf=false',
  '-c', 'core.safecrlf=false',
  '-c', 'gc.auto=0',
  '-c', 'advice.detachedHead=false',
];

/**
 * The environment for git child processes: the caller's environment without
 * any GIT_* variables (a GIT_DIR or GIT_INDEX_FILE inherited from a hook
 * would redirect every command to another repository).
 */
export function gitEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_')) env[key] = value;
  }
  return { ...env, LC_ALL: 'C', ...extra };
}

/** Runs git synchronously in `cwd` and returns stdout (trimmed). */
export function git(cwd, args, options = {}) {
  return execFileSync('git', [...GIT_CONFIG_ARGS, ...args], {
    cwd,
    env: gitEnv(options.env),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    input: options.input,
  }).trimEnd();
}

/**
 * Returns the installed git version (e.g. `2.39.5`), or throws an Error with
 * a clear message when git is missing or too old for `get-mark` (2.21).
 */
export function requireGit() {
  let out;
  try {
    out = execFileSync('git', ['--version'], {
      env: gitEnv(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const reason =
      error && error.code === 'ENOENT'
        ? 'not found on PATH'
        : `\`git --version\` failed: ${error.message}`;
    throw new Error(
      `git is required but was ${reason}. Install Git 2.21 or newer (Debian/Ubuntu: apt-get install git) and try again.`,
    );
  }
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(out);
  if (!match) throw new Error(`Cannot read the git version from: ${out.trim()}`);
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < 2 || (major === 2 && minor < 21)) {
    throw new Error(`git ${match[0]} is too old: 2.21 or newer is required.`);
  }
  return match[0];
}

/** Creates an empty non-bare repository with branch `main` (HEAD -> refs/heads/main). */
export function initRepo(dir) {
  execFileSync('git', [...GIT_CONFIG_ARGS, 'init', '-q', dir], {
    env: gitEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Populates index and working tree from HEAD (after a fast-import). */
export function checkoutHead(dir) {
  execFileSync('git', [...GIT_CONFIG_ARGS, 'reset', '-q', '--hard', 'HEAD'], {
    cwd: dir,
    env: gitEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function assertIdentPart(value, what) {
  if (typeof value !== 'string' || value.length === 0 || /[<>\n\0]/.test(value)) {
    throw new Error(`Invalid ${what} for fast-import: ${JSON.stringify(value)}`);
  }
}

/** `Name <email> 1700000000 +0100` */
export function formatIdent(person) {
  assertIdentPart(person.name, 'name');
  assertIdentPart(person.email, 'email');
  const time = Math.floor(Number(person.time));
  if (!Number.isFinite(time) || time < 0) {
    throw new Error(`Invalid time for ${person.name}: ${person.time}`);
  }
  const tz = person.tz ?? '+0000';
  if (!/^[+-]\d{4}$/.test(tz)) throw new Error(`Invalid tz: ${tz}`);
  return `${person.name} <${person.email}> ${time} ${tz}`;
}

/** A `data` command: exact byte count, then the bytes, then a newline. */
export function formatData(content) {
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(String(content), 'utf8');
  return [Buffer.from(`data ${buf.length}\n`), buf, Buffer.from('\n')];
}

function commitish(ref) {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref <= 0) throw new Error(`Invalid mark: ${ref}`);
    return `:${ref}`;
  }
  if (typeof ref === 'string' && /^[0-9a-f]{40}$/.test(ref)) return ref;
  throw new Error(`Expected a mark number or a full SHA, got ${JSON.stringify(ref)}`);
}

function assertRefName(name) {
  // A subset of git's check-ref-format rules, enough for generated names.
  if (
    typeof name !== 'string' ||
    !/^[A-Za-z0-9._/+-]+$/.test(name) ||
    name.includes('..') ||
    name.startsWith('/') ||
    name.endsWith('/') ||
    name.endsWith('.') ||
    name.endsWith('.lock') ||
    name.includes('//') ||
    /(^|\/)\./.test(name)
  ) {
    throw new Error(`Invalid ref name for fast-import: ${JSON.stringify(name)}`);
  }
}

function assertPath(path) {
  if (
    typeof path !== 'string' ||
    path.length === 0 ||
    /[\n\0"]/.test(path) ||
    path.startsWith('/') ||
    path.split('/').some(p => p === '' || p === '.' || p === '..' || p === '.git')
  ) {
    throw new Error(`Invalid path for fast-import: ${JSON.stringify(path)}`);
  }
}

/**
 * Serialises one event into fast-import commands (an array of Buffers).
 * `shas` are the SHAs of `event.needs`, for message functions.
 */
export function serializeEvent(event, shas = []) {
  const out = [];
  const text = s => out.push(Buffer.from(s, 'utf8'));
  switch (event.kind) {
    case 'commit': {
      const ref = event.ref ?? 'refs/heads/main';
      assertRefName(ref);
      text(`commit ${ref}\n`);
      if (event.mark !== undefined) text(`mark ${commitish(event.mark)}\n`);
      if (event.author) text(`author ${formatIdent(event.author)}\n`);
      text(`committer ${formatIdent(event.committer ?? event.author)}\n`);
      const message =
        typeof event.message === 'function' ? event.message(shas) : event.message;
      if (typeof message !== 'string' && !Buffer.isBuffer(message)) {
        throw new Error('A commit needs a message');
      }
      out.push(...formatData(message));
      if (event.from !== undefined && event.from !== null) {
        text(`from ${commitish(event.from)}\n`);
      }
      for (const parent of event.merge ?? []) text(`merge ${commitish(parent)}\n`);
      for (const file of event.files ?? []) {
        assertPath(file.path);
        if (file.content === null) {
          text(`D ${file.path}\n`);
        } else {
          text(`M ${file.mode ?? '100644'} inline ${file.path}\n`);
          out.push(...formatData(file.content));
        }
      }
      text('\n');
      break;
    }
    case 'tag': {
      assertRefName(event.name);
      text(`tag ${event.name}\nfrom ${commitish(event.from)}\n`);
      text(`tagger ${formatIdent(event.tagger)}\n`);
      // No optional LF after a tag's data: fast-import would read it as a command.
      out.push(...formatData(event.message ?? ''));
      break;
    }
    case 'lightweight-tag':
      assertRefName(event.name);
      text(`reset refs/tags/${event.name}\nfrom ${commitish(event.from)}\n\n`);
      break;
    case 'reset':
      assertRefName(event.ref);
      text(`reset ${event.ref}\nfrom ${commitish(event.from)}\n\n`);
      break;
    default:
      throw new Error(`Unknown fast-import event kind: ${event.kind}`);
  }
  return out;
}

/**
 * A complete fast-import stream for events that need no SHAs (no `needs`),
 * as one Buffer. For tests and for piping by hand (`git fast-import < file`).
 */
export function fastImportStream(events) {
  const parts = [];
  for (const event of events) {
    if (event.needs && event.needs.length) {
      throw new Error('fastImportStream: events with `needs` require runFastImport');
    }
    parts.push(...serializeEvent(event));
  }
  parts.push(Buffer.from('done\n'));
  return Buffer.concat(parts);
}

/**
 * Feeds `events` (any iterable, e.g. a generator) into `git fast-import` in
 * the existing repository `dir`. Events with `needs` get the SHAs of those
 * marks through fast-import's `get-mark` command, so a message can quote an
 * earlier commit (`This reverts commit <sha>.`). Resolves with statistics.
 */
export async function runFastImport(dir, events, options = {}) {
  const child = spawn(
    'git',
    [...GIT_CONFIG_ARGS, 'fast-import', '--quiet', '--done', ...(options.args ?? [])],
    { cwd: dir, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', chunk => {
    stderr += chunk;
  });
  const exited = new Promise(resolve => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  let spawnError = null;
  child.on('error', error => {
    spawnError = error;
  });
  child.stdin.on('error', () => {
    // EPIPE when fast-import dies; reported from the exit status below.
  });

  // Responses to get-mark arrive on stdout, one SHA per line.
  const pendingLines = [];
  const waiters = [];
  let stdoutBuf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', chunk => {
    stdoutBuf += chunk;
    let nl;
    while ((nl = stdoutBuf.indexOf('\n')) >= 0) {
      const line = stdoutBuf.slice(0, nl);
      stdoutBuf = stdoutBuf.slice(nl + 1);
      if (waiters.length) waiters.shift().resolve(line);
      else pendingLines.push(line);
    }
  });
  exited.then(() => {
    for (const w of waiters.splice(0)) {
      w.reject(new Error(`git fast-import exited early: ${stderr.trim()}`));
    }
  });
  const readLine = () =>
    pendingLines.length
      ? Promise.resolve(pendingLines.shift())
      : new Promise((resolve, reject) => waiters.push({ resolve, reject }));

  let batch = [];
  let batchBytes = 0;
  const flush = async () => {
    if (!batch.length) return;
    const buf = Buffer.concat(batch);
    batch = [];
    batchBytes = 0;
    if (!child.stdin.write(buf)) {
      await Promise.race([once(child.stdin, 'drain'), exited]);
    }
  };

  let commits = 0;
  let tags = 0;
  try {
    for (const event of events) {
      if (spawnError) break;
      let shas = [];
      if (event.needs && event.needs.length) {
        for (const mark of event.needs) {
          batch.push(Buffer.from(`get-mark ${commitish(mark)}\n`));
        }
        await flush();
        for (let i = 0; i < event.needs.length; i++) {
          const line = await readLine();
          if (!/^[0-9a-f]{40}$/.test(line)) {
            throw new Error(`Unexpected get-mark answer: ${line}`);
          }
          shas.push(line);
        }
      }
      for (const part of serializeEvent(event, shas)) {
        batch.push(part);
        batchBytes += part.length;
      }
      if (event.kind === 'commit') commits++;
      if (event.kind === 'tag' || event.kind === 'lightweight-tag') tags++;
      if (batchBytes >= 256 * 1024) await flush();
    }
    batch.push(Buffer.from('done\n'));
    await flush();
  } catch (error) {
    child.stdin.destroy();
    child.kill();
    await exited;
    throw error;
  }
  child.stdin.end();
  const { code, signal } = await exited;
  if (spawnError) throw new Error(`Cannot run git fast-import: ${spawnError.message}`);
  if (code !== 0) {
    throw new Error(
      `git fast-import failed (${signal ?? `exit ${code}`}) in ${dir}: ${stderr.trim()}`,
    );
  }
  return { commits, tags };
}

/** `git init` + fast-import + check-out of HEAD: a ready repository at `dir`. */
export async function createRepository(dir, events, options = {}) {
  initRepo(dir);
  const stats = await runFastImport(dir, events, options);
  if (options.checkout !== false) checkoutHead(dir);
  return stats;
}
