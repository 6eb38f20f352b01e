// Over 400 lines: one builder whose parts (commits, merges, reverts, tags) share its state.
// A small builder for believable Git histories: commits with conventional
// messages that change real files, feature branches merged with --no-ff
// merge commits, reverts, release commits and tags. It produces the events
// of scripts/lib/fast-import.mjs. Content is deterministic (seeded PRNG);
// dates are laid out over a time window ending at `now`.

/** FNV-1a hash of a string, for seeding. */
export function hashString(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
export function createRng(seed) {
  let a = typeof seed === 'string' ? hashString(seed) : seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER_RE = /^(\w+)(?:\(([^()\s]+)\))?(!)?: (.+)$/;

/** Splits a conventional header; non-conventional headers give type null. */
export function parseHeader(header) {
  const m = HEADER_RE.exec(header);
  if (!m) return { type: null, scope: null, bang: false, description: header };
  return { type: m[1], scope: m[2] ?? null, bang: Boolean(m[3]), description: m[4] };
}

function camelCase(text) {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(' ')
    .filter(Boolean)
    .slice(0, 6);
  if (!words.length) return 'change';
  const name = words
    .map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1)))
    .join('');
  return /^[0-9]/.test(name) ? `v${name}` : name;
}

/** A file is a header plus a list of items (appended by commits) plus a footer. */
function renderFile(file) {
  return file.header + file.items.join('') + (file.footer ?? '');
}

function sameFile(a, b) {
  if (a === b) return true;
  if (!a || !b) return false;
  return renderFile(a) === renderFile(b);
}

/**
 * Three-way merge of two versions of a file that were changed by appending
 * items: items of `ours` followed by the items only `theirs` added.
 */
function mergeFile(base, ours, theirs) {
  if (sameFile(theirs, base)) return ours;
  if (sameFile(ours, base)) return theirs;
  if (!ours || !theirs) return ours ?? theirs;
  const have = new Set(ours.items);
  return { ...ours, items: [...ours.items, ...theirs.items.filter(i => !have.has(i))] };
}

const DAY = 86400;

export class HistoryBuilder {
  /**
   * @param {object} opts
   * @param {string} opts.name          repository / component name
   * @param {Record<string, {name, email, tz}>} opts.people  id -> identity
   * @param {string[]} opts.team        ids of the usual authors
   * @param {string} [opts.releaser]    id of the release manager (tags, release commits)
   * @param {string} [opts.tagPrefix]   default `v`
   * @param {boolean} [opts.releaseCommits]  write `chore(release): x.y.z` commits that bump
   *                                    package.json and chart/Chart.yaml before tagging
   * @param {string} [opts.org]         owner shown in merge messages (`Merge pull request #1 from <org>/<branch>`)
   */
  constructor(opts) {
    this.name = opts.name;
    this.people = opts.people;
    this.team = opts.team;
    this.releaser = opts.releaser ?? opts.team[0];
    this.tagPrefix = opts.tagPrefix ?? 'v';
    this.releaseCommits = opts.releaseCommits ?? true;
    this.org = opts.org ?? 'shop';
    this.kind = opts.kind ?? 'service';
    this.rng = createRng(`history:${opts.name}`);
    this.events = [];
    this.nextMark = 1;
    this.commitsByMark = new Map();
    this.ids = new Map();
    this.branches = new Map();
    this.pkg = { version: '0.0.0', dependencies: { ...(opts.dependencies ?? {}) } };
    this.chartVersion = '0.0.0';
    this.nextPr = opts.firstPr ?? 1;
    this.tags = [];
    this.branches.set('main', { tip: null, files: new Map() });
  }

  pick(list) {
    return list[Math.floor(this.rng() * list.length)];
  }

  person(id) {
    const p = this.people[id];
    if (!p) throw new Error(`Unknown person ${id}`);
    return p;
  }

  defaultAuthor(type) {
    if (type === 'ci' && this.rng() < 0.6) return 'sam';
    if (type === 'test' && this.rng() < 0.5) return 'quinn';
    return this.pick(this.team);
  }

  // ---- files -------------------------------------------------------------

  packageJson() {
    const pkg = {
      name: `@shop/${this.name}`,
      version: this.pkg.version,
      private: true,
      main: 'src/index.js',
      scripts: { start: 'node src/index.js', test: 'node --test test/' },
      dependencies: this.pkg.dependencies,
    };
    return { header: `${JSON.stringify(pkg, null, 2)}\n`, items: [] };
  }

  chartYaml() {
    const ciNote = this.releaseCommits
      ? ''
      : '# version and appVersion are set by CI from the release tag\n';
    return {
      header:
        `apiVersion: v2\nname: ${this.name}\n` +
        `description: Helm chart of the ${this.name} ${this.kind}\ntype: application\n` +
        ciNote +
        `version: ${this.chartVersion}\nappVersion: "${this.chartVersion}"\n`,
      items: [],
    };
  }

  newFile(path) {
    if (path.startsWith('src/')) {
      const mod = path.slice(4).replace(/\.js$/, '');
      return { header: `'use strict';\n\n// ${this.name}: ${mod}\n`, items: [] };
    }
    if (path.startsWith('test/')) {
      const mod = path.slice(5).replace(/\.test\.js$/, '');
      return {
        header: `'use strict';\n\nconst test = require('node:test');\nconst ${camelCase(mod)} = require('../src/${mod}');\n`,
        items: [],
      };
    }
    if (path.endsWith('.md')) {
      const title = path === 'README.md' ? this.name : path.replace(/^docs\//, '').replace(/\.md$/, '');
      return { header: `# ${title}\n`, items: [] };
    }
    if (path === '.github/workflows/ci.yml') {
      return {
        header:
          'name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm test\n',
        items: [],
      };
    }
    if (path === 'Dockerfile') {
      return {
        header: 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\nRUN npm install --omit=dev\nCOPY src ./src\n',
        items: [],
        footer: 'CMD ["node", "src/index.js"]\n',
      };
    }
    if (path === 'chart/values.yaml') {
      return {
        header: `image:\n  repository: registry.shop.example.com/${this.name}\n  tag: ""\nreplicaCount: 2\n`,
        items: [],
      };
    }
    return { header: '', items: [] };
  }

  /** The path and item a conventional commit adds. */
  changeFor(type, scope, description, n) {
    const mod = scope && /^[a-z0-9-]+$/.test(scope) ? scope : 'index';
    const fn = camelCase(description);
    switch (type) {
      case 'feat':
        return {
          path: `src/${mod}.js`,
          item: `\nexports.${fn} = function ${fn}(input) {\n  // ${description}\n  return { ...input, step: ${n} };\n};\n`,
        };
      case 'fix':
        return {
          path: `src/${mod}.js`,
          item: `\n// fix: ${description}\nexports.guard${n} = value => (value === undefined ? null : value);\n`,
        };
      case 'perf':
        return {
          path: `src/${mod}.js`,
          item: `\n// perf: ${description}\nexports.cache${n} = new Map();\n`,
        };
      case 'refactor':
      case 'style':
        return { path: `src/${mod}.js`, item: `\n// refactor: ${description} (#${n})\n` };
      case 'test':
        return {
          path: `test/${mod}.test.js`,
          item: `\ntest('${description.replace(/'/g, '')}', () => {});\n`,
        };
      case 'docs':
        return {
          path: scope ? `docs/${mod}.md` : 'README.md',
          item: `\n- ${description}\n`,
        };
      case 'ci':
        return { path: '.github/workflows/ci.yml', item: `      # ${description}\n` };
      case 'build':
        return { path: 'Dockerfile', item: `# ${description}\n` };
      default:
        return { path: 'Dockerfile', item: `# ${type ?? 'change'}: ${description}\n` };
    }
  }

  // ---- commits -----------------------------------------------------------

  branch(name) {
    const b = this.branches.get(name);
    if (!b) throw new Error(`Unknown branch ${name}`);
    return b;
  }

  /** Emits a commit on `branchName` that sets `changes` (path -> file|null). */
  emitCommit(branchName, { message, needs, authorId, changes, merge, header }) {
    const branch = this.branch(branchName);
    const mark = this.nextMark++;
    const files = [];
    for (const [path, file] of changes) {
      if (file === null) {
        if (branch.files.has(path)) files.push({ path, content: null });
        branch.files.delete(path);
      } else {
        branch.files.set(path, file);
        files.push({ path, content: renderFile(file) });
      }
    }
    const event = {
      kind: 'commit',
      mark,
      ref: 'refs/heads/main',
      authorId,
      message,
      needs,
      from: branch.tip ?? undefined,
      merge,
      files,
    };
    this.events.push(event);
    branch.tip = mark;
    this.commitsByMark.set(mark, { header, branch: branchName, changes });
    return mark;
  }

  /**
   * A commit with a conventional message on `branch` (default main). The
   * first line decides which file changes. Options: author, id (for
   * revert()), files (path -> string to write instead of the default).
   */
  commit(message, opts = {}) {
    const branchName = opts.branch ?? 'main';
    const branch = this.branch(branchName);
    const header = message.split('\n')[0];
    const { type, scope, description } = parseHeader(header);
    const changes = new Map();
    const added = new Map();
    const n = this.nextMark;
    if (opts.files) {
      for (const [path, content] of Object.entries(opts.files)) {
        changes.set(path, content === null ? null : { header: content, items: [] });
      }
    } else if (type === 'chore' && scope === 'deps') {
      const m = /bump (\S+) from \S+ to (\S+)/.exec(description);
      if (!m) throw new Error(`chore(deps) needs "bump X from A to B": ${header}`);
      this.pkg.dependencies[m[1]] = `^${m[2]}`;
      changes.set('package.json', this.packageJson());
    } else {
      const { path, item } = this.changeFor(type, scope, description, n);
      const before = branch.files.get(path) ?? this.newFile(path);
      let unique = item;
      if (before.items.includes(unique)) unique = `${item}// (${n})\n`;
      changes.set(path, { ...before, items: [...before.items, unique] });
      added.set(path, { item: unique, created: !branch.files.has(path) });
    }
    const authorId = opts.author ?? this.defaultAuthor(type);
    const body = message.endsWith('\n') ? message : `${message}\n`;
    const mark = this.emitCommit(branchName, { message: body, authorId, changes, header });
    this.commitsByMark.get(mark).added = added;
    if (opts.id) this.ids.set(opts.id, mark);
    return mark;
  }

  /** The first commit: a service skeleton (README, package.json, src, Dockerfile, chart, CI). */
  scaffold(message = 'chore: initial commit', opts = {}) {
    const changes = new Map();
    const set = (path, file) => changes.set(path, file);
    set('README.md', {
      header: `# ${this.name}\n\n${opts.description ?? `The ${this.name} ${this.kind} of the shop.`}\n`,
      items: [],
    });
    set('package.json', this.packageJson());
    set('src/index.js', {
      header: `'use strict';\n\nconst http = require('node:http');\n\nconst port = Number(process.env.PORT ?? 8080);\n`,
      items: [],
      footer: `\nhttp.createServer((req, res) => res.end('${this.name}')).listen(port);\n`,
    });
    set('Dockerfile', this.newFile('Dockerfile'));
    set('chart/Chart.yaml', this.chartYaml());
    set('chart/values.yaml', this.newFile('chart/values.yaml'));
    set('.github/workflows/ci.yml', this.newFile('.github/workflows/ci.yml'));
    set('.gitignore', { header: 'node_modules/\ncoverage/\n', items: [] });
    for (const [path, content] of Object.entries(opts.files ?? {})) {
      set(path, { header: content, items: [] });
    }
    return this.emitCommit('main', {
      message: message.endsWith('\n') ? message : `${message}\n`,
      authorId: opts.author ?? this.team[0],
      changes,
      header: message.split('\n')[0],
    });
  }

  /** Starts branch `name` at the tip of main. */
  fork(name) {
    if (this.branches.has(name)) throw new Error(`Branch ${name} exists`);
    const main = this.branch('main');
    this.branches.set(name, {
      tip: main.tip,
      files: new Map(main.files),
      base: new Map(main.files),
    });
  }

  /**
   * Merges branch `name` into main with a --no-ff merge commit
   * `Merge pull request #N from <org>/<name>` whose body is the PR title.
   */
  merge(name, title, opts = {}) {
    const feature = this.branch(name);
    const main = this.branch('main');
    const changes = new Map();
    const paths = new Set([...main.files.keys(), ...feature.files.keys()]);
    for (const path of paths) {
      const merged = mergeFile(feature.base.get(path), main.files.get(path), feature.files.get(path));
      if (!sameFile(merged, main.files.get(path))) changes.set(path, merged ?? null);
    }
    const pr = opts.pr ?? this.nextPr;
    this.nextPr = Math.max(this.nextPr, pr) + 1 + Math.floor(this.rng() * 3);
    const header = `Merge pull request #${pr} from ${this.org}/${name}`;
    const mark = this.emitCommit('main', {
      message: `${header}\n\n${title}\n`,
      authorId: opts.author ?? this.pick(this.team),
      changes,
      merge: [feature.tip],
      header,
    });
    this.branches.delete(name);
    return mark;
  }

  /**
   * Reverts the commit registered with `id` (on main), with git's default
   * message: `Revert "<header>"` + `This reverts commit <sha>.`
   */
  revert(id, opts = {}) {
    const target = this.commitsByMark.get(this.ids.get(id));
    if (!target) throw new Error(`Unknown commit id ${id}`);
    const main = this.branch('main');
    const changes = new Map();
    for (const [path, { item, created }] of target.added ?? []) {
      const current = main.files.get(path);
      if (!current) continue;
      const items = current.items.filter(i => i !== item);
      changes.set(path, created && items.length === 0 ? null : { ...current, items });
    }
    const targetMark = this.ids.get(id);
    const header = `Revert "${target.header}"`;
    return this.emitCommit('main', {
      message: shas => `${header}\n\nThis reverts commit ${shas[0]}.\n`,
      needs: [targetMark],
      authorId: opts.author ?? this.pick(this.team),
      changes,
      header,
    });
  }

  /** Tags the tip of main. `version` without prefix. */
  tag(version, opts = {}) {
    const main = this.branch('main');
    const name = `${opts.prefix ?? this.tagPrefix}${version}`;
    if (opts.annotated) {
      const pre = /-/.test(version);
      this.events.push({
        kind: 'tag',
        name,
        from: main.tip,
        taggerId: opts.tagger ?? this.releaser,
        message:
          opts.message ??
          `${pre ? 'Release candidate' : 'Release'} ${name}\n`,
      });
    } else {
      this.events.push({ kind: 'lightweight-tag', name, from: main.tip });
    }
    this.tags.push({ name, mark: main.tip, annotated: Boolean(opts.annotated) });
    return name;
  }

  /**
   * A release: with releaseCommits, a `chore(release): <version>` commit that
   * bumps package.json and chart/Chart.yaml, then the tag.
   */
  release(version, opts = {}) {
    if (opts.commit ?? this.releaseCommits) {
      this.pkg.version = version;
      this.chartVersion = version;
      const changes = new Map([
        ['package.json', this.packageJson()],
        ['chart/Chart.yaml', this.chartYaml()],
      ]);
      const header = `chore(release): ${version}`;
      this.emitCommit('main', {
        message: `${header}\n`,
        authorId: opts.author ?? this.releaser,
        changes,
        header,
      });
    }
    return this.tag(version, opts);
  }

  // ---- output ------------------------------------------------------------

  /**
   * Lays the commits out over [now - days, now - 1h]: in order, within
   * working hours of each author's time zone, weekdays only, strictly
   * increasing. Returns the fast-import events.
   */
  finish({ now, days = 70 }) {
    const nowSec = Math.floor(now / 1000);
    const main = this.branch('main');
    const commits = this.events.filter(e => e.kind === 'commit');
    const n = commits.length;
    const start = nowSec - days * DAY;
    const end = nowSec - 3 * 3600;
    const step = (end - start) / n;
    const cap = nowSec - 15 * 60;
    const timeOf = new Map();
    let prev = start - DAY;
    commits.forEach((event, i) => {
      const person = this.person(event.authorId);
      const offset = tzSeconds(person.tz);
      let t = start + step * (i + 0.15 + 0.7 * this.rng());
      let day = Math.floor((t + offset) / DAY);
      const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
      if (weekday === 6) day -= 1;
      if (weekday === 0) day -= 2;
      t = day * DAY + Math.floor((9 + 8.5 * this.rng()) * 3600) - offset;
      t = Math.max(t, prev + 60 * Math.floor(5 + 40 * this.rng()));
      if (t > cap) t = Math.max(prev + 60, cap - (n - i) * 300);
      prev = t;
      event.author = { ...person, time: t };
      event.committer = event.author;
      timeOf.set(event.mark, t);
      delete event.authorId;
    });
    // Branches that were never merged stay as refs (open pull requests).
    for (const [name, branch] of this.branches) {
      if (name !== 'main' && branch.tip !== main.tip) {
        this.events.push({ kind: 'reset', ref: `refs/heads/${name}`, from: branch.tip });
      }
    }
    for (const event of this.events) {
      if (event.kind === 'tag') {
        const person = this.person(event.taggerId);
        const t = Math.min(timeOf.get(event.from) + 60 * Math.floor(20 + 70 * this.rng()), cap);
        event.tagger = { ...person, time: t };
        delete event.taggerId;
      }
    }
    return this.events;
  }
}

function tzSeconds(tz = '+0000') {
  const sign = tz[0] === '-' ? -1 : 1;
  return sign * (Number(tz.slice(1, 3)) * 3600 + Number(tz.slice(3, 5)) * 60);
}
