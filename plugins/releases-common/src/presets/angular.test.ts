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
