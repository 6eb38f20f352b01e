// The environment repository of the demo product `shop`: one branch per
// environment (`environment/dev` ... `environment/prod`), each holding an
// `environment.yaml` with the environment's description and the version of
// every component, and a history of promotions over the past weeks made
// from the components' real tags. Built with plumbing commands (no work
// tree changes), in a temporary folder renamed into place.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export const ENVIRONMENTS = [
  { name: 'dev', type: 'dev', description: 'Branch heads, rebuilt on every merge', targets: ['k8s-dev'] },
  { name: 'qa', type: 'qa', description: 'Release candidates under test', targets: ['k8s-qa'] },
  { name: 'staging', type: 'staging', description: 'Candidates soaking before production', targets: ['k8s-staging'] },
  { name: 'canary', type: 'prod', description: 'Five percent of production traffic', targets: ['k8s-prod-eu-canary'] },
  { name: 'prod', type: 'prod', description: 'Production', targets: ['k8s-prod-eu', 'k8s-prod-us'] },
];

const ACTORS = ['user:default/alice', 'user:default/ben', 'user:default/sam', 'user:default/grace'];
const DAY = 86_400_000;

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  LC_ALL: 'C',
};

function git(cwd, args, { input, env } = {}) {
  return execFileSync('git', args, {
    cwd,
    input,
    env: { ...ENV, ...env },
    encoding: 'utf8',
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  }).trim();
}

function semverKey(version) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-rc\.(\d+))?$/.exec(version);
  if (!m) return null;
  // A final sorts after its candidates.
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? Infinity : Number(m[4])];
}

function compareKeys(a, b) {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Release tags of a repository, oldest version first. */
function releaseTags(repoDir, prefix) {
  const out = git(repoDir, ['for-each-ref', '--format=%(refname:strip=2) %(objectname) %(*objectname)', 'refs/tags']);
  const tags = [];
  for (const line of out.split('\n').filter(Boolean)) {
    const [name, object, peeled] = line.split(' ');
    if (!name.startsWith(prefix)) continue;
    const key = semverKey(name.slice(prefix.length));
    if (!key) continue;
    tags.push({ name, sha: peeled || object, key, final: key[3] === Infinity });
  }
  return tags.sort((a, b) => compareKeys(a.key, b.key));
}

/** The schema version a component's commit declares (its `schemaFile`), if any. */
function schemaAt(component, commit) {
  if (!component.schemaFile) return undefined;
  try {
    const text = git(component.dir, ['show', `${commit}:${component.schemaFile}`]);
    const m = /^(?:version:\s*)?(\d+)/.exec(text);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Versions each environment went through, oldest first. */
function planComponent(repoDir, prefix) {
  const tags = releaseTags(repoDir, prefix);
  const finals = tags.filter(t => t.final);
  const newest = finals[finals.length - 1];
  const rcsOfNewest = newest ? tags.filter(t => !t.final && compareKeys(t.key.slice(0, 3).concat(0), newest.key.slice(0, 3).concat(0)) === 0) : [];
  const head = git(repoDir, ['rev-parse', 'HEAD']);
  const pick = list => list.filter(Boolean).map(t => ({ version: t.name, commit: t.sha }));
  return {
    dev: [{ version: 'WIP', commit: head }],
    qa: pick(rcsOfNewest.length ? rcsOfNewest : finals.slice(-1)),
    staging: pick(finals.slice(-2)),
    canary: pick(finals.slice(-2)),
    // Production still runs the release before the newest: something to promote.
    prod: pick(finals.length > 1 ? finals.slice(-3, -1) : finals.slice(-1)),
  };
}

function yamlString(value) {
  return value === null ? 'null' : JSON.stringify(value);
}

function renderFile(env, components) {
  const lines = [
    'environment:',
    `  name: ${env.name}`,
    `  type: ${env.type}`,
    `  description: ${yamlString(env.description)}`,
    `  targets: [${env.targets.join(', ')}]`,
    'components:',
  ];
  for (const name of Object.keys(components).sort()) {
    const c = components[name];
    lines.push(
      `  ${name}:`,
      `    version: ${yamlString(c.version)}`,
      `    commit: ${yamlString(c.commit)}`,
      `    appRepo: ${yamlString(c.appRepo)}`,
      `    updatedAt: ${yamlString(c.updatedAt)}`,
      `    updatedBy: ${yamlString(c.updatedBy)}`,
      `    promotion: null`,
      ...(c.schema === undefined ? [] : [`    schema: ${c.schema}`]),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Builds the environment repository at `dir` from the component
 * repositories `components` ({ name: { dir, tagPrefix } }).
 */
export function buildEnvironmentRepo(dir, components, { nowMs = Date.now() } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  const identity = when => ({
    GIT_AUTHOR_NAME: 'Shop Release Bot',
    GIT_AUTHOR_EMAIL: 'releases@shop.example.com',
    GIT_COMMITTER_NAME: 'Shop Release Bot',
    GIT_COMMITTER_EMAIL: 'releases@shop.example.com',
    GIT_AUTHOR_DATE: new Date(when).toISOString(),
    GIT_COMMITTER_DATE: new Date(when).toISOString(),
  });
  const commit = (parent, files, message, when) => {
    const entries = Object.entries(files).map(([name, content]) => {
      const blob = git(dir, ['hash-object', '-w', '--stdin'], { input: content });
      return `100644 blob ${blob}\t${name}`;
    });
    const tree = git(dir, ['mktree'], { input: `${entries.join('\n')}\n` });
    return git(dir, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], { env: identity(when) });
  };

  const start = nowMs - 56 * DAY;
  const readme = [
    '# shop environments',
    '',
    'One branch per environment (`environment/dev` ... `environment/prod`).',
    'Each holds `environment.yaml`: the environment and the version of every',
    'component deployed there. Promotions in the portal commit here.',
    '',
  ].join('\n');
  const root = commit(null, { 'README.md': readme }, 'chore: environment repository of shop', start);
  git(dir, ['update-ref', 'refs/heads/main', root]);
  git(dir, ['symbolic-ref', 'HEAD', 'refs/heads/main']);

  const plans = Object.fromEntries(
    Object.entries(components).map(([name, c]) => [name, planComponent(c.dir, c.tagPrefix)]),
  );
  ENVIRONMENTS.forEach((env, envIndex) => {
    // Steps of this environment: every component's versions, spread in time.
    const steps = [];
    for (const [name, plan] of Object.entries(plans)) {
      plan[env.name].forEach((step, i, all) => {
        const age = (all.length - i) * 9 + (5 - envIndex) * 1.5 + (name.length % 3);
        steps.push({ name, ...step, when: nowMs - age * DAY });
      });
    }
    steps.sort((a, b) => a.when - b.when);
    const state = {};
    let parent = root;
    steps.forEach((s, i) => {
      const actor = ACTORS[(i + envIndex) % ACTORS.length];
      // The database schema only moves forward, whatever version runs.
      const schema = schemaAt(components[s.name], s.commit);
      const before = state[s.name]?.schema;
      state[s.name] = {
        ...(schema === undefined && before === undefined
          ? {}
          : { schema: Math.max(schema ?? 0, before ?? 0) }),
        version: s.version,
        commit: s.commit,
        appRepo: `../${s.name}`,
        updatedAt: new Date(s.when).toISOString(),
        updatedBy: actor,
      };
      parent = commit(
        parent,
        { 'README.md': readme, 'environment.yaml': renderFile(env, state) },
        `promote(${s.name}): ${s.version} to ${env.name}\n\nActor: ${actor}\n`,
        s.when,
      );
    });
    git(dir, ['update-ref', `refs/heads/environment/${env.name}`, parent]);
  });
}
