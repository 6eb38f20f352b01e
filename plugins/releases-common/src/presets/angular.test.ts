import { parseCommit } from '../commits/parseCommit';
import type { ParsedCommit } from '../types';
import { AngularPreset, cancelRevertedCommits } from './angular';

let counter = 0;
function commit(
  message: string,
  sha = (++counter).toString(16).padStart(40, '0'),
): ParsedCommit {
  return parseCommit({
    sha,
    parents: ['f'.repeat(40)],
    authorName: 'Jane Doe',
    authorEmail: 'jane@example.com',
    date: '2026-10-30T12:00:00Z',
    message,
  });
}

describe('AngularPreset', () => {
  const preset = new AngularPreset();

  it.each([
    ['feat: a', 'minor', 'features', null],
    ['fix: a', 'patch', 'fixes', null],
    ['perf: a', 'patch', 'performance', null],
    ['improvement: a', 'minor', 'features', null],
    ['deps: a', null, 'other', null],
    ['feat!: a', null, 'other', null],
    ['feat-x: a', null, 'other', null],
    ['revert: fix: a', null, 'other', null],
    [
      `revert: fix: a\n\nThis reverts commit ${'1'.repeat(40)}.`,
      'patch',
      'reverts',
      null,
    ],
    ['fix: a\n\nBREAKING CHANGE: the note', 'major', 'fixes', 'the note'],
    ['fix: a\n\nBREAKING-CHANGE: the note', 'patch', 'fixes', null],
    [
      'docs: a\n\n  * BREAKING CHANGE the note\n  continues',
      'major',
      'other',
      'the note\n  continues',
    ],
    ['docs: a\n\nBREAKING CHANGE:', 'major', 'other', 'a'],
  ])(
    '%j -> bump %s, section %s, breaking note %j',
    (message, bump, section, note) => {
      const [c] = preset.prepare([commit(message)]);
      expect(preset.bump(c)).toBe(bump);
      expect(preset.section(c)).toBe(section);
      expect(preset.breakingNote(c)).toBe(note);
    },
  );

  it('reads a `!` header as a non-conventional one', () => {
    const [c] = preset.prepare([commit('feat(api)!: drop v1')]);
    expect(c).toMatchObject({
      type: null,
      scope: null,
      bang: false,
      description: 'feat(api)!: drop v1',
    });
  });

  it('ignores Release-As and pre-1.0 options', () => {
    expect(preset.releaseAs()).toBeNull();
    expect(
      preset.adjustBump(
        'major',
        { major: 0, minor: 1, patch: 0, prerelease: [], build: [] },
        {
          bumpMinorPreMajor: true,
        },
      ),
    ).toBe('major');
  });
});

describe('cancelRevertedCommits', () => {
  const A = 'a'.repeat(40);
  const B = 'b'.repeat(40);

  it('drops a revert and its target, keeping everything else in order', () => {
    const range = [
      commit('fix: newest'),
      commit(`Revert "feat: a"\n\nThis reverts commit ${A}.`),
      commit('docs: middle'),
      commit('feat: a', A),
      commit('fix: oldest'),
    ];
    expect(cancelRevertedCommits(range).map(c => c.header)).toEqual([
      'fix: newest',
      'docs: middle',
      'fix: oldest',
    ]);
  });

  it('keeps a revert whose target is outside the range', () => {
    const range = [
      commit(`Revert "feat: a"\n\nThis reverts commit ${A}.`),
      commit('feat: b', B),
    ];
    expect(cancelRevertedCommits(range)).toHaveLength(2);
  });

  it('does not cancel when the target is newer than the revert', () => {
    // Only a later commit can revert an earlier one.
    const range = [
      commit('feat: a', A),
      commit(`Revert "feat: a"\n\nThis reverts commit ${A}.`),
    ];
    expect(cancelRevertedCommits(range)).toHaveLength(2);
  });
});

// What @semantic-release/commit-analyzer 13 releases for each range (newest
// first), checked against it: conventional-commits-filter cancels a revert
// and its target only when the header and the hash that
// conventional-changelog-angular's revert pattern captures both equal the
// target's, as exact strings.
describe('AngularPreset reverts, as semantic-release matches them', () => {
  const preset = new AngularPreset();
  const A = 'a'.repeat(40);
  const B = 'b'.repeat(40);
  const R = '1'.repeat(40);
  const order: Record<string, number> = { major: 3, minor: 2, patch: 1 };

  function release(range: Array<[string, string]>): string | null {
    let best: string | null = null;
    for (const c of preset.prepare(range.map(([sha, m]) => commit(m, sha)))) {
      const bump = preset.bump(c);
      if (bump && (!best || order[bump] > order[best])) best = bump;
    }
    return best;
  }

  it.each<[string, Array<[string, string]>, string | null]>([
    [
      'a squash-merged revert `Revert "x" (#12)` names `x" (#12)`: both stay, patch',
      [
        [R, `Revert "chore(deps): x" (#12)\n\nThis reverts commit ${A}.`],
        [A, 'chore(deps): x'],
      ],
      'patch',
    ],
    [
      'Revert "fix: y" with the full hash of fix: y in the range cancels both',
      [
        [R, `Revert "fix: y"\n\nThis reverts commit ${A}.`],
        [A, 'fix: y'],
      ],
      null,
    ],
    [
      'a revert of a commit outside the range is a patch',
      [[R, `Revert "fix: y"\n\nThis reverts commit ${A}.`]],
      'patch',
    ],
    [
      'an abbreviated hash does not cancel: the feature counts',
      [
        [R, `Revert "feat: a"\n\nThis reverts commit ${A.slice(0, 7)}.`],
        [A, 'feat: a'],
      ],
      'minor',
    ],
    [
      'an upper-case hash does not cancel',
      [
        [R, `Revert "feat: a"\n\nThis reverts commit ${A.toUpperCase()}.`],
        [A, 'feat: a'],
      ],
      'minor',
    ],
    [
      'prose before "This reverts commit" is part of the reverted header: no cancel',
      [
        [R, `Revert "feat: a"\n\nIt broke z.\n\nThis reverts commit ${A}.`],
        [A, 'feat: a'],
      ],
      'minor',
    ],
    [
      'an unquoted `Revert x` is a revert: patch',
      [[R, `Revert the last change\n\nThis reverts commit ${A}.`]],
      'patch',
    ],
    [
      'the pattern reads the whole message, a single line too',
      [
        [R, `revert: feat: a This reverts commit ${A}`],
        [A, 'feat: a'],
      ],
      null,
    ],
    [
      '`revert:` may be followed by any white space',
      [
        [R, `revert:\tfeat: a\n\nThis reverts commit ${A}.`],
        [A, 'feat: a'],
      ],
      null,
    ],
    [
      '`revert(scope):` is not a revert',
      [[R, `revert(api): feat: a\n\nThis reverts commit ${A}.`]],
      null,
    ],
    [
      'a commit id longer than 40 characters is not one: no revert',
      [
        [R, `Revert "feat: a"\n\nThis reverts commit ${A}a.`],
        [A, 'feat: a'],
      ],
      'minor',
    ],
    [
      "Git's `Reapply` header is not a revert: the first revert still cancels",
      [
        [B, `Reapply "feat: a"\n\nThis reverts commit ${R}.`],
        [R, `Revert "feat: a"\n\nThis reverts commit ${A}.`],
        [A, 'feat: a'],
      ],
      null,
    ],
    [
      'reverting a revert brings the feature back',
      [
        [B, `Revert "Revert "feat: a""\n\nThis reverts commit ${R}.`],
        [R, `Revert "feat: a"\n\nThis reverts commit ${A}.`],
        [A, 'feat: a'],
      ],
      'minor',
    ],
    [
      'the header may be just the opening quote',
      [[R, `Revert "This reverts commit ${A}`]],
      'patch',
    ],
  ])('%s', (_name, range, expected) => {
    expect(release(range)).toBe(expected);
  });
});
