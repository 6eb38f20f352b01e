// The product repository of the demo product `shop`: a bare repository
// whose tags are product releases, each a commit of `product.yaml` listing
// the component versions of that day. The releases are laid out over the
// weeks before `now` from the component repositories' own final tags, so
// they agree with the components' histories. Bare, because the backend cuts
// product releases in place and refuses a checked-out branch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git } from './fast-import.mjs';

const DAY = 24 * 60 * 60 * 1000;
/** When the product was released, in days before `now`. */
const RELEASE_DAYS_AGO = [40, 26, 12];
const RELEASER = { name: 'Grace Lindqvist', email: 'grace@shop.example.com' };

const FINAL = /^(\d+)\.(\d+)\.(\d+)$/;

/** Final release tags of a component repository with their dates (ms). */
function finalTags(dir, prefix) {
  const out = git(dir, [
    'for-each-ref',
    '--format=%(refname:strip=2) %(creatordate:unix)',
    'refs/tags',
  ]);
  return out
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [tag, seconds] = line.split(' ');
      const version = tag.startsWith(prefix) ? tag.slice(prefix.length) : '';
      const m = FINAL.exec(version);
      return m ? { tag, version, parts: m.slice(1).map(Number), at: Number(seconds) * 1000 } : null;
    })
    .filter(Boolean);
}

function compareParts(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The bump from one X.Y.Z to another: 0 major, 1 minor, 2 patch, 3 none. */
function bumpOf(from, to) {
  if (!from) return 1; // a component added is at least minor
  for (let i = 0; i < 3; i++) if (from[i] !== to[i]) return i;
  return 3;
}

function manifestText(version, components) {
  const lines = [`product: shop`, `version: ${version}`, 'components:'];
  for (const name of Object.keys(components).sort()) {
    const c = components[name];
    lines.push(`  ${name}: { version: ${c.version}, tag: ${c.tag} }`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Builds the bare product repository at `dir` (which must not exist) from
 * the component repositories `{ name: { dir, tagPrefix } }`.
 */
export function buildProductRepo(dir, components, { nowMs = Date.now() } = {}) {
  const tags = Object.fromEntries(
    Object.entries(components).map(([name, c]) => [name, finalTags(c.dir, c.tagPrefix)]),
  );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-product-'));
  try {
    git(work, ['init', '--quiet', '--initial-branch=main']);
    let previous = null;
    let version = null;
    for (const daysAgo of RELEASE_DAYS_AGO) {
      const at = nowMs - daysAgo * DAY;
      const current = {};
      for (const [name, list] of Object.entries(tags)) {
        const newest = list
          .filter(t => t.at <= at)
          .sort((a, b) => compareParts(b.parts, a.parts))[0];
        if (newest) current[name] = newest;
      }
      let bump = 3;
      for (const [name, c] of Object.entries(current)) {
        bump = Math.min(bump, bumpOf(previous?.[name]?.parts, c.parts));
      }
      if (previous && Object.keys(previous).some(name => !current[name])) {
        bump = Math.min(bump, 1); // a component removed is at least minor
      }
      if (previous && bump === 3) continue;
      if (!version) version = [1, 0, 0];
      else if (bump === 0) version = [version[0] + 1, 0, 0];
      else if (bump === 1) version = [version[0], version[1] + 1, 0];
      else version = [version[0], version[1], version[2] + 1];
      const v = version.join('.');
      fs.writeFileSync(path.join(work, 'product.yaml'), manifestText(v, current));
      const date = `${Math.floor(at / 1000)} +0000`;
      const env = {
        GIT_AUTHOR_NAME: RELEASER.name,
        GIT_AUTHOR_EMAIL: RELEASER.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: RELEASER.name,
        GIT_COMMITTER_EMAIL: RELEASER.email,
        GIT_COMMITTER_DATE: date,
      };
      git(work, ['add', 'product.yaml'], { env });
      git(work, ['commit', '--quiet', '-m', `chore(release): shop ${v}`], { env });
      git(work, ['tag', '-a', `v${v}`, '-m', `shop ${v}`], { env });
      previous = current;
    }
    git(path.dirname(dir), ['clone', '--quiet', '--bare', work, dir]);
    // The work directory goes away: no remote points at it.
    git(dir, ['remote', 'remove', 'origin']);
    return { count: Number(git(dir, ['rev-list', '--count', '--all'])), latest: `v${version.join('.')}` };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
