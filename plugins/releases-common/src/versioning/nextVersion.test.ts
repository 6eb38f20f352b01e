// Over 400 lines: The preset table: one row per documented rule of release-please and semantic-release.
import { parseCommit } from '../commits/parseCommit';
import { InvalidVersionError, UnknownPresetError } from '../errors';
import { getPreset } from '../presets/registry';
import type { VersioningOptions } from '../presets/preset';
import type { ParsedCommit, PresetName } from '../types';
import { computeNextVersion } from './nextVersion';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
let counter = 0;

/** A commit from its message; `[sha, message]` when the id matters, `[sha, message, parents]` for merges. */
type Fixture = string | [string, string] | [string, string, string[]];

function commit(fixture: Fixture): ParsedCommit {
  const [sha, message, parents] =
    typeof fixture === 'string'
      ? [(++counter).toString(16).padStart(40, '0'), fixture, undefined]
      : fixture;
  return parseCommit({
    sha,
    parents: parents ?? ['f'.repeat(40)],
    authorName: 'Jane Doe',
    authorEmail: 'jane@example.com',
    date: '2026-10-30T12:00:00Z',
    message,
  });
}

type Row = [
  description: string,
  preset: PresetName,
  current: string | null,
  commits: Fixture[],
  options: VersioningOptions,
  next: string | null,
  bump: string | null,
];

const MERGE: Fixture = [
  B,
  'Merge pull request #12 from acme/feature-x\n\nfeat: add x',
  [C, A],
];

const rows: Row[] = [
  // conventionalcommits = release-please
  [
    'fix -> patch',
    'conventionalcommits',
    '1.2.3',
    ['fix: a'],
    {},
    '1.2.4',
    'patch',
  ],
  [
    'feat wins over fix',
    'conventionalcommits',
    '1.2.3',
    ['fix: a', 'feat: b', 'fix: c'],
    {},
    '1.3.0',
    'minor',
  ],
  [
    'feature is a feat',
    'conventionalcommits',
    '1.2.3',
    ['feature: a'],
    {},
    '1.3.0',
    'minor',
  ],
  [
    'perf -> patch',
    'conventionalcommits',
    '1.2.3',
    ['perf: a'],
    {},
    '1.2.4',
    'patch',
  ],
  [
    'deps -> patch',
    'conventionalcommits',
    '1.2.3',
    ['deps: bump x'],
    {},
    '1.2.4',
    'patch',
  ],
  [
    'revert: -> patch',
    'conventionalcommits',
    '1.2.3',
    ['revert: feat: a'],
    {},
    '1.2.4',
    'patch',
  ],
  [
    '! -> major',
    'conventionalcommits',
    '1.2.3',
    ['feat!: a'],
    {},
    '2.0.0',
    'major',
  ],
  [
    '! on a hidden type -> major',
    'conventionalcommits',
    '1.2.3',
    ['refactor(core)!: a'],
    {},
    '2.0.0',
    'major',
  ],
  [
    'BREAKING CHANGE footer -> major',
    'conventionalcommits',
    '1.2.3',
    ['fix: a\n\nBREAKING CHANGE: b'],
    {},
    '2.0.0',
    'major',
  ],
  [
    'BREAKING-CHANGE footer -> major',
    'conventionalcommits',
    '1.2.3',
    ['fix: a\n\nBREAKING-CHANGE: b'],
    {},
    '2.0.0',
    'major',
  ],
  [
    'BREAKING CHANGE on chore -> major',
    'conventionalcommits',
    '1.2.3',
    ['chore: a\n\nBREAKING CHANGE: b'],
    {},
    '2.0.0',
    'major',
  ],
  [
    'only hidden types -> no release',
    'conventionalcommits',
    '1.2.3',
    [
      'chore: a',
      'docs: b',
      'refactor: c',
      'test: d',
      'build: e',
      'ci: f',
      'style: g',
    ],
    {},
    null,
    null,
  ],
  [
    'non-conventional -> no release',
    'conventionalcommits',
    '1.2.3',
    ['Update README.md'],
    {},
    null,
    null,
  ],
  [
    'non-conventional with BREAKING CHANGE -> no release (release-please skips it)',
    'conventionalcommits',
    '1.2.3',
    ['Update API\n\nBREAKING CHANGE: x'],
    {},
    null,
    null,
  ],
  [
    'revert does not cancel the reverted feat',
    'conventionalcommits',
    '1.2.3',
    [`revert: feat: a\n\nThis reverts commit ${A}.`, [A, 'feat: a']],
    {},
    '1.3.0',
    'minor',
  ],
  [
    "Git's default revert header is not conventional",
    'conventionalcommits',
    '1.2.3',
    [`Revert "fix: a"\n\nThis reverts commit ${A}.`],
    {},
    null,
    null,
  ],
  [
    'pre-1.0 breaking -> 1.0.0 by default',
    'conventionalcommits',
    '0.4.2',
    ['feat!: a'],
    {},
    '1.0.0',
    'major',
  ],
  [
    'bumpMinorPreMajor: breaking -> minor',
    'conventionalcommits',
    '0.4.2',
    ['feat!: a'],
    { bumpMinorPreMajor: true },
    '0.5.0',
    'minor',
  ],
  [
    'bumpMinorPreMajor: feat stays minor',
    'conventionalcommits',
    '0.4.2',
    ['feat: a'],
    { bumpMinorPreMajor: true },
    '0.5.0',
    'minor',
  ],
  [
    'bumpPatchForMinorPreMajor: feat -> patch',
    'conventionalcommits',
    '0.4.2',
    ['feat: a'],
    { bumpPatchForMinorPreMajor: true },
    '0.4.3',
    'patch',
  ],
  [
    'bumpPatchForMinorPreMajor: breaking stays major',
    'conventionalcommits',
    '0.4.2',
    ['feat!: a'],
    { bumpPatchForMinorPreMajor: true },
    '1.0.0',
    'major',
  ],
  [
    'both pre-1.0 options',
    'conventionalcommits',
    '0.4.2',
    ['feat!: a', 'feat: b'],
    { bumpMinorPreMajor: true, bumpPatchForMinorPreMajor: true },
    '0.5.0',
    'minor',
  ],
  [
    'pre-1.0 options do not apply from 1.0.0',
    'conventionalcommits',
    '1.4.2',
    ['feat!: a'],
    { bumpMinorPreMajor: true },
    '2.0.0',
    'major',
  ],
  [
    'first release -> 1.0.0',
    'conventionalcommits',
    null,
    ['fix: a', 'feat: b'],
    {},
    '1.0.0',
    'minor',
  ],
  [
    'first release ignores pre-1.0 options',
    'conventionalcommits',
    null,
    ['feat!: a'],
    { bumpMinorPreMajor: true },
    '1.0.0',
    'major',
  ],
  [
    'no tags and nothing releasable',
    'conventionalcommits',
    null,
    ['chore: init'],
    {},
    null,
    null,
  ],
  [
    'Release-As forces the version',
    'conventionalcommits',
    '1.2.3',
    ['chore: a\n\nRelease-As: 3.0.0'],
    {},
    '3.0.0',
    'major',
  ],
  [
    'the newest Release-As wins',
    'conventionalcommits',
    '1.2.3',
    ['fix: b\n\nRelease-As: 1.5.0', 'chore: a\n\nRelease-As: 3.0.0'],
    {},
    '1.5.0',
    'minor',
  ],
  [
    'Release-As on a first release',
    'conventionalcommits',
    null,
    ['chore: a\n\nRelease-As: 0.1.0'],
    {},
    '0.1.0',
    'minor',
  ],
  [
    'Release-As not above the current version is ignored',
    'conventionalcommits',
    '2.0.0',
    ['fix: a\n\nRelease-As: 1.5.0'],
    {},
    '2.0.1',
    'patch',
  ],
  [
    'invalid Release-As is ignored',
    'conventionalcommits',
    '1.2.3',
    ['fix: a\n\nRelease-As: next'],
    {},
    '1.2.4',
    'patch',
  ],
  [
    'merge commits do not release',
    'conventionalcommits',
    '1.2.3',
    [MERGE],
    {},
    null,
    null,
  ],
  [
    'merged commits do',
    'conventionalcommits',
    '1.2.3',
    [MERGE, 'fix: y'],
    {},
    '1.2.4',
    'patch',
  ],
  [
    'a single-parent "Merge pull request" commit does not release',
    'conventionalcommits',
    '1.2.3',
    ['Merge pull request #3 from a/feat-x'],
    {},
    null,
    null,
  ],
  [
    'a bump from a prerelease finishes it',
    'conventionalcommits',
    '2.0.0-rc.1',
    ['fix: a'],
    {},
    '2.0.0',
    'patch',
  ],

  // angular = semantic-release defaults
  [
    'feat -> minor',
    'angular',
    '1.2.3',
    ['feat: a', 'fix: b'],
    {},
    '1.3.0',
    'minor',
  ],
  ['fix -> patch', 'angular', '1.2.3', ['fix(x): a'], {}, '1.2.4', 'patch'],
  ['perf -> patch', 'angular', '1.2.3', ['perf: a'], {}, '1.2.4', 'patch'],
  [
    'improvement -> minor',
    'angular',
    '1.2.3',
    ['improvement: a'],
    {},
    '1.3.0',
    'minor',
  ],
  ['deps does not release', 'angular', '1.2.3', ['deps: a'], {}, null, null],
  [
    'hidden types do not release',
    'angular',
    '1.2.3',
    ['chore: a', 'docs: b', 'refactor: c', 'test: d', 'build: e', 'ci: f'],
    {},
    null,
    null,
  ],
  [
    '! is not angular grammar -> no release',
    'angular',
    '1.2.3',
    ['feat!: a'],
    {},
    null,
    null,
  ],
  [
    '! with BREAKING CHANGE -> major',
    'angular',
    '1.2.3',
    ['feat!: a\n\nBREAKING CHANGE: b'],
    {},
    '2.0.0',
    'major',
  ],
  [
    'BREAKING CHANGE footer -> major',
    'angular',
    '1.2.3',
    ['fix: a\n\nBREAKING CHANGE: b'],
    {},
    '2.0.0',
    'major',
  ],
  [
    'BREAKING-CHANGE is not an angular keyword',
    'angular',
    '1.2.3',
    ['fix: a\n\nBREAKING-CHANGE: b'],
    {},
    '1.2.4',
    'patch',
  ],
  [
    'BREAKING CHANGE in the body -> major',
    'angular',
    '1.2.3',
    ['docs: a\n\nbreaking change: b\n\nmore prose'],
    {},
    '2.0.0',
    'major',
  ],
  [
    'BREAKING CHANGE on a non-conventional commit -> major',
    'angular',
    '1.2.3',
    ['Update API\n\nBREAKING CHANGE: x'],
    {},
    '2.0.0',
    'major',
  ],
  [
    'revert pair cancels',
    'angular',
    '1.2.3',
    [
      `Revert "feat: a"\n\nThis reverts commit ${A}.`,
      [A, 'feat: a'],
      'chore: z',
    ],
    {},
    null,
    null,
  ],
  [
    'revert pair cancels, other commits count',
    'angular',
    '1.2.3',
    [`revert: feat: a\n\nThis reverts commit ${A}.`, 'fix: b', [A, 'feat: a']],
    {},
    '1.2.4',
    'patch',
  ],
  [
    'revert of a commit outside the range -> patch',
    'angular',
    '1.2.3',
    [`Revert "feat: a"\n\nThis reverts commit ${A}.`],
    {},
    '1.2.4',
    'patch',
  ],
  [
    'revert without a commit id does not release',
    'angular',
    '1.2.3',
    ['revert: feat: a'],
    {},
    null,
    null,
  ],
  [
    'revert with a different header does not cancel',
    'angular',
    '1.2.3',
    [
      `Revert "feat: something else"\n\nThis reverts commit ${A}.`,
      [A, 'feat: a'],
    ],
    {},
    '1.3.0',
    'minor',
  ],
  [
    'reverting a revert brings the feature back',
    'angular',
    '1.2.3',
    [
      [C, `Revert "Revert "feat: a""\n\nThis reverts commit ${B}.`],
      [B, `Revert "feat: a"\n\nThis reverts commit ${A}.`],
      [A, 'feat: a'],
    ],
    {},
    '1.3.0',
    'minor',
  ],
  [
    'no pre-1.0 options',
    'angular',
    '0.4.2',
    ['feat: a\n\nBREAKING CHANGE: b'],
    { bumpMinorPreMajor: true },
    '1.0.0',
    'major',
  ],
  [
    'no Release-As',
    'angular',
    '1.2.3',
    ['fix: a\n\nRelease-As: 3.0.0'],
    {},
    '1.2.4',
    'patch',
  ],
  ['first release -> 1.0.0', 'angular', null, ['fix: a'], {}, '1.0.0', 'patch'],
  ['merge commits do not release', 'angular', '1.2.3', [MERGE], {}, null, null],
];

describe('computeNextVersion', () => {
  it.each(rows)(
    '%s (%s from %s)',
    (_d, preset, current, fixtures, options, next, bump) => {
      const result = computeNextVersion({
        current,
        commits: fixtures.map(commit),
        preset,
        options,
      });
      expect({ next: result.next, bump: result.bump }).toEqual({ next, bump });
      expect(result.current).toBe(current);
      expect(result.commits).toBe(fixtures.length);
    },
  );

  it('lists the releasable commits and the Release-As version', () => {
    const commits = [
      'docs: a',
      'fix: b',
      'chore: c\n\nRelease-As: 4.0.0',
      MERGE,
    ].map(commit);
    const result = computeNextVersion({
      current: '1.0.0',
      commits,
      preset: getPreset('conventionalcommits'),
    });
    expect(result).toMatchObject({
      next: '4.0.0',
      bump: 'major',
      releaseAs: '4.0.0',
      commits: 4,
    });
    expect(result.releasable.map(c => c.header)).toEqual([
      'fix: b',
      'chore: c',
    ]);
  });

  it('lists the commits as the angular preset reads them', () => {
    const result = computeNextVersion({
      current: '1.0.0',
      commits: ['feat!: a\n\nBREAKING CHANGE: gone'].map(commit),
      preset: 'angular',
    });
    expect(result.releasable[0]).toMatchObject({
      type: null,
      bang: false,
      description: 'feat!: a',
      breakingNotes: ['gone'],
    });
  });

  it('rejects a current version that is not semver', () => {
    expect(() =>
      computeNextVersion({ current: 'v1.2.3', commits: [], preset: 'angular' }),
    ).toThrow(InvalidVersionError);
  });

  it('rejects an unknown preset name', () => {
    expect(() =>
      computeNextVersion({
        current: null,
        commits: [],
        preset: 'semantic' as PresetName,
      }),
    ).toThrow(UnknownPresetError);
  });
});
