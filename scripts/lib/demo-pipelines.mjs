// Pipeline traces of the demo: what the shop's CI would have reported for
// the newest releases of each component (`POST /pipelines`, the same call
// `releases pipeline report` makes). Deterministic: the same tags give the
// same reports, so seeding again changes nothing.
import { git } from './fast-import.mjs';
import { DEMO_REPOS } from './demo-repos.mjs';

const MINUTE = 60 * 1000;
/** How many of each component's newest release tags get a trace. */
const TRACED = 4;

/** Each stage's duration in minutes and its detail (by a stable seed). */
const STAGES = [
  ['clone', 1, () => undefined],
  ['build', 4, () => undefined],
  ['unit-tests', 6, n => `coverage ${72 + (n % 19)}%`],
  ['vulnerability-scan', 3, () => '0 critical, 0 high'],
  ['image-push', 1, () => undefined],
  ['chart-publish', 1, () => undefined],
  ['deploy-notify', 2, () => undefined],
  ['integration-tests', 9, n => `${180 + (n % 40)} passed`],
];

/** A few releases whose pipelines did not simply pass, so the demo shows it. */
const DEVIATIONS = {
  // The newest inventory release found a vulnerability.
  inventory: {
    0: {
      'vulnerability-scan': {
        status: 'failed',
        detail: '1 critical finding in libxml2 2.11.4',
      },
    },
  },
  // The newest shipping release is still in its integration tests.
  shipping: { 0: { 'integration-tests': { status: 'running' } } },
  // Storefront skips the chart: it ships as static files.
  storefront: { all: { 'chart-publish': { status: 'skipped' } } },
};

function hash(text) {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

/** Release tags of a repository, newest first, with their dates (ms). */
function releaseTags(dir, prefix) {
  return git(dir, [
    'for-each-ref',
    '--sort=-creatordate',
    '--format=%(refname:strip=2) %(creatordate:unix) %(objectname) %(*objectname)',
    'refs/tags',
  ])
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [tag, seconds, object, peeled] = line.split(' ');
      return { tag, at: Number(seconds) * 1000, sha: peeled || object };
    })
    .filter(
      t =>
        t.tag.startsWith(prefix) &&
        /^\d+\.\d+\.\d+(-rc\.\d+)?$/.test(t.tag.slice(prefix.length)),
    );
}

/** The reports to send, one per traced release of each demo component. */
export function demoPipelineReports(reposDir) {
  const reports = [];
  for (const [name, spec] of Object.entries(DEMO_REPOS)) {
    const tags = releaseTags(`${reposDir}/${name}`, spec.tagPrefix).slice(
      0,
      TRACED,
    );
    tags.forEach((t, i) => {
      const seed = hash(t.tag + name);
      const deviations = {
        ...DEVIATIONS[name]?.all,
        ...DEVIATIONS[name]?.[i],
      };
      // The pipeline ran in the half hour before the tag was pushed.
      let start = t.at - 30 * MINUTE;
      const run = `https://ci.shop.example.com/${name}/runs/${
        1000 + (seed % 9000)
      }`;
      const stages = [];
      for (const [stage, minutes, detail] of STAGES) {
        const changed = deviations[stage] ?? {};
        const status = changed.status ?? 'succeeded';
        const entry = {
          name: stage,
          status,
          url: `${run}#${stage}`,
          startedAt: new Date(start).toISOString(),
        };
        if (status !== 'running' && status !== 'skipped') {
          entry.finishedAt = new Date(start + minutes * MINUTE).toISOString();
        }
        const text = changed.detail ?? detail(seed);
        if (text && status !== 'skipped') entry.detail = text;
        stages.push(entry);
        start += minutes * MINUTE;
        // A failed scan stops the pipeline: later stages never ran.
        if (status === 'failed') break;
      }
      reports.push({
        entityRef: `component:default/${name}`,
        version: t.tag,
        sha: t.sha,
        stages,
      });
    });
  }
  return reports;
}
