// Generates the benchmark repository: ~20,000 commits with conventional
// messages (varied types and scopes, bodies, footers, a few breaking
// changes, some non-conventional messages), feature branches merged with
// --no-ff merge commits, 200 `v`-prefixed semver tags (one every 100 commits,
// half annotated) and one commit whose message is 64 KiB. Deterministic:
// the same stream every time (fixed dates).

import { createRng } from '../../scripts/lib/history.mjs';

/** Bump this when the generated history changes, to invalidate caches. */
export const BIG_REPO_VERSION = 4;

export const BIG_REPO_DEFAULTS = {
  commits: 20000,
  tagEvery: 100,
  firstTagAt: 60,
  bigMessageAt: 10000,
  bigMessageBytes: 64 * 1024,
  // Share of bodies written as unwrapped paragraphs (GitHub web editor,
  // squash merges); the rest is hard-wrapped at 72 columns. 0 = all wrapped.
  unwrappedShare: 0.3,
  // Share of chore(deps) commits with a Dependabot-style body.
  dependabotShare: 0.5,
};

const TYPES = [
  ['feat', 24], ['fix', 30], ['chore', 11], ['docs', 8], ['refactor', 8],
  ['test', 7], ['perf', 4], ['ci', 3], ['build', 2], ['style', 1], [null, 2],
];
const SCOPES = [
  'api', 'auth', 'cart', 'checkout', 'db', 'deps', 'events', 'i18n', 'search',
  'payments', 'orders', 'catalog', 'cache', 'ui', 'router', 'config', 'logging',
  'metrics', 'session', 'tax', 'shipping', 'inventory', 'webhooks', 'cli',
  'build', 'docker', 'helm', 'k8s', 'graphql', 'emails',
];
const VERBS = [
  'add', 'support', 'handle', 'remove', 'rename', 'validate', 'cache', 'retry',
  'log', 'expose', 'limit', 'split', 'document', 'migrate', 'speed up',
  'simplify', 'guard against', 'configure', 'report', 'deduplicate',
];
const OBJECTS = [
  'empty carts', 'expired sessions', 'currency rounding', 'the order total',
  'duplicate webhooks', 'slow queries', 'missing translations', 'the health check',
  'pagination cursors', 'rate limits', 'retry budgets', 'feature toggles',
  'tax exemptions', 'address validation', 'the search index', 'stale prices',
  'null customer ids', 'large payloads', 'time zones', 'connection pools',
  'the token refresh', 'unicode product names', 'partial refunds', 'gift cards',
];
const WORDS = (
  'the service now checks the input before it reaches the database and returns a ' +
  'clear error when a field is missing this keeps retries idempotent and avoids ' +
  'duplicate rows under load we measured the change in staging with the usual ' +
  'traffic replay and saw no regression in latency or error rate'
).split(' ');
const FIRST = ['Alex', 'Sam', 'Kim', 'Jo', 'Robin', 'Noa', 'Mika', 'Lee', 'Ari', 'Dana', 'Eli', 'Kai'];
const LAST = ['Berg', 'Novak', 'Silva', 'Tanaka', 'Okoro', 'Larsen', 'Moreau', 'Khan', 'Weber', 'Costa'];
const TZS = ['+0000', '+0100', '+0200', '-0500', '+0530', '+0900'];

function weighted(rng, table) {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = rng() * total;
  for (const [value, w] of table) {
    if ((x -= w) < 0) return value;
  }
  return table[table.length - 1][0];
}

function paragraph(rng, words, wrap = true) {
  if (!wrap) {
    const ws = [];
    for (let i = 0; i < words; i++) ws.push(WORDS[Math.floor(rng() * WORDS.length)]);
    const text = ws.join(' ');
    return text[0].toUpperCase() + text.slice(1) + '.';
  }
  const out = [];
  let line = '';
  for (let i = 0; i < words; i++) {
    const w = WORDS[Math.floor(rng() * WORDS.length)];
    if (line.length + w.length + 1 > 72) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  const text = out.join('\n');
  return text[0].toUpperCase() + text.slice(1) + '.';
}

/** The 64 KiB message: a conventional header and a pasted log as body. */
export function bigMessage(bytes) {
  const header = 'docs(changelog): import the release notes of the legacy platform';
  const footer = '\nRefs: #4242\n';
  let body = '';
  for (let i = 0; ; i++) {
    const line = `- ${String(i).padStart(5, '0')} legacy release note: ${WORDS.slice(i % 20, (i % 20) + 9).join(' ')}\n`;
    if (header.length + 2 + body.length + line.length + footer.length > bytes) break;
    body += line;
  }
  const missing = bytes - (header.length + 2 + body.length + footer.length);
  if (missing > 1) body += `${'='.repeat(missing - 1)}\n`;
  return `${header}\n\n${body}${footer}`;
}

const PACKAGES = ['express', 'pg', 'axios', 'react', 'undici', 'fastify', 'zod', 'knex', 'jest', 'typescript'];

/** A body as Dependabot writes it (long URL lines, YAML metadata, sign-off). */
function dependabotBody(rng) {
  const name = PACKAGES[Math.floor(rng() * PACKAGES.length)];
  const major = 1 + Math.floor(rng() * 9);
  const a = `${major}.${Math.floor(rng() * 20)}.${Math.floor(rng() * 10)}`;
  const b = `${major}.${Math.floor(rng() * 20) + 20}.${Math.floor(rng() * 10)}`;
  const repo = `https://github.com/${name}js/${name}`;
  const header = `chore(deps): bump ${name} from ${a} to ${b}`;
  return `${header}\n\n` + [
    `Bumps [${name}](${repo}) from ${a} to ${b}.`,
    `- [Release notes](${repo}/releases)`,
    `- [Changelog](${repo}/blob/main/CHANGELOG.md)`,
    `- [Commits](${repo}/compare/v${a}...v${b})`,
    '',
    '---',
    'updated-dependencies:',
    `- dependency-name: ${name}`,
    '  dependency-type: direct:production',
    '  update-type: version-update:semver-minor',
    '...',
    '',
    'Signed-off-by: dependabot[bot] <support@github.com>',
  ].join('\n');
}

function bumpOf(state) {
  if (state.breaking) return 'major';
  if (state.feat) return 'minor';
  return 'patch';
}

function bump([major, minor, patch], kind) {
  if (kind === 'major') return [major + 1, 0, 0];
  if (kind === 'minor') return [major, minor + 1, 0];
  return [major, minor, patch + 1];
}

/**
 * A lazy sequence of fast-import events (scripts/lib/fast-import.mjs) for the
 * benchmark repository. `summary` is filled while iterating.
 */
export function* bigRepoEvents(options = {}, summary = {}) {
  const o = { ...BIG_REPO_DEFAULTS, ...options };
  if (options.bigMessageAt === undefined) {
    o.bigMessageAt = Math.min(BIG_REPO_DEFAULTS.bigMessageAt, Math.floor(o.commits / 2));
  }
  const rng = createRng(`bench-repo:${BIG_REPO_VERSION}`);
  const people = [];
  for (const first of FIRST) {
    for (const last of LAST.slice(0, 2)) {
      people.push({
        name: `${first} ${last}`,
        email: `${first}.${last}@example.com`.toLowerCase(),
        tz: TZS[people.length % TZS.length],
      });
    }
  }
  // Three years of history ending at a fixed instant: reproducible SHAs.
  const end = Date.UTC(2026, 10, 1) / 1000;
  let time = end - 3 * 365 * 86400;
  const step = (3 * 365 * 86400) / o.commits;
  let mark = 0;
  let mainTip = null;
  let count = 0;
  let version = [0, 9, 0];
  let pending = { breaking: false, feat: false };
  let pr = 1;
  let tags = 0;
  let merges = 0;
  let breaking = 0;

  const nextIdent = () => {
    time += Math.floor(step * (0.3 + 1.4 * rng()));
    const p = people[Math.floor(rng() * people.length)];
    return { ...p, time };
  };

  const makeMessage = () => {
    const type = weighted(rng, TYPES);
    const verb = VERBS[Math.floor(rng() * VERBS.length)];
    const object = OBJECTS[Math.floor(rng() * OBJECTS.length)];
    const description = `${verb} ${object}`;
    if (type === null) {
      const plain = ['Update README.md', `WIP ${object}`, `Fix typo in ${object}`, 'Merge fixes from review'];
      return { type, message: `${plain[Math.floor(rng() * plain.length)]}\n` };
    }
    const scope = rng() < 0.8 ? SCOPES[Math.floor(rng() * SCOPES.length)] : null;
    const isBreaking = (type === 'feat' || type === 'refactor') && rng() < 0.003;
    const bang = isBreaking && rng() < 0.5 ? '!' : '';
    let message = `${type}${scope ? `(${scope})` : ''}${bang}: ${description}`;
    const parts = [];
    if (type === 'chore' && scope === 'deps' && rng() < o.dependabotShare) {
      return { type, message: `${dependabotBody(rng)}\n` };
    }
    const wrap = rng() >= o.unwrappedShare;
    if (rng() < 0.35) parts.push(paragraph(rng, 10 + Math.floor(rng() * 60), wrap));
    if (rng() < 0.08) parts.push(paragraph(rng, 20 + Math.floor(rng() * 40), wrap));
    const footers = [];
    if (isBreaking) {
      footers.push(`BREAKING CHANGE: ${object} ${verb === 'remove' ? 'are gone' : 'behave differently'}; see the migration guide.`);
    }
    if (rng() < 0.2) footers.push(`Refs: #${1 + Math.floor(rng() * 5000)}`);
    if (rng() < 0.05) {
      const p = people[Math.floor(rng() * people.length)];
      footers.push(`Co-authored-by: ${p.name} <${p.email}>`);
    }
    if (footers.length) parts.push(footers.join('\n'));
    if (parts.length) message += `\n\n${parts.join('\n\n')}`;
    return { type, breaking: isBreaking, message: `${message}\n` };
  };

  const commit = (msg, from, extra = {}) => {
    mark++;
    count++;
    const ident = nextIdent();
    const file = extra.file ?? `src/${SCOPES[count % SCOPES.length]}.js`;
    return {
      kind: 'commit',
      mark,
      author: ident,
      committer: ident,
      message: msg,
      from: from ?? undefined,
      merge: extra.merge,
      files: extra.files ?? [
        { path: file, content: `// change ${count}\nexports.v${count % 97} = ${count};\n` },
      ],
    };
  };

  const record = m => {
    if (m.breaking) {
      pending.breaking = true;
      breaking++;
    }
    if (m.type === 'feat') pending.feat = true;
  };

  // Root commit with a package.json (conventional-changelog reads one).
  yield commit('chore: initial commit\n', null, {
    files: [
      {
        path: 'package.json',
        content: `${JSON.stringify({ name: 'bench-repo', version: '0.9.0', repository: 'https://github.com/example/bench-repo' }, null, 2)}\n`,
      },
      { path: 'README.md', content: '# bench-repo\n' },
    ],
  });
  mainTip = mark;
  let mainCount = 1;
  let nextTag = o.firstTagAt;

  while (count < o.commits) {
    if (count >= o.bigMessageAt && !summary.bigMessageMark) {
      yield commit(bigMessage(o.bigMessageBytes), mainTip);
      mainTip = mark;
      summary.bigMessageMark = mark;
      mainCount++;
    } else if (rng() < 0.025 && o.commits - count > 10) {
      // A feature branch of 2-4 commits, merged with --no-ff.
      const branch = `feature/${VERBS[Math.floor(rng() * VERBS.length)].replace(' ', '-')}-${pr}`;
      const n = 2 + Math.floor(rng() * 3);
      let tip = mainTip;
      let first = null;
      const path = `features/${branch.slice(8)}.js`;
      let content = null;
      for (let i = 0; i < n; i++) {
        const m = makeMessage();
        record(m);
        first ??= m.message.split('\n')[0];
        const c = commit(m.message, tip, { file: path });
        content = c.files[0].content;
        yield c;
        tip = mark;
      }
      yield commit(`Merge pull request #${pr} from example/${branch}\n\n${first}\n`, mainTip, {
        merge: [tip],
        files: [{ path, content }],
      });
      pr += 1 + Math.floor(rng() * 4);
      merges++;
      mainTip = mark;
      mainCount++;
    } else {
      const m = makeMessage();
      record(m);
      yield commit(m.message, mainTip);
      mainTip = mark;
      mainCount++;
    }
    if (count >= nextTag) {
      version = bump(version, bumpOf(pending));
      pending = { breaking: false, feat: false };
      const name = `v${version.join('.')}`;
      if (tags % 2 === 0) {
        yield {
          kind: 'tag',
          name,
          from: mainTip,
          tagger: { ...people[0], time: time + 600 },
          message: `Release ${name}\n`,
        };
      } else {
        yield { kind: 'lightweight-tag', name, from: mainTip };
      }
      tags++;
      summary.lastTag = name;
      nextTag += o.tagEvery;
    }
  }
  Object.assign(summary, { commits: count, tags, merges, breaking, mainCount, marks: mark });
}
