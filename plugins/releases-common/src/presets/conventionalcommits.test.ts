import { parseCommit } from '../commits/parseCommit';
import type { ParsedCommit } from '../types';
import { ConventionalCommitsPreset } from './conventionalcommits';

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

describe('ConventionalCommitsPreset', () => {
  const preset = new ConventionalCommitsPreset();

  it.each([
    ['feat: a', 'minor', 'features', null],
    ['feature(x): a', 'minor', 'features', null],
    ['fix: a', 'patch', 'fixes', null],
    ['deps: a', 'patch', 'fixes', null],
    ['perf: a', 'patch', 'performance', null],
    ['revert: fix: a', 'patch', 'reverts', null],
    ['docs: a', null, 'other', null],
    ['chore(release): a', null, 'other', null],
    ['Update README', null, 'other', null],
    ['feat(api)!: drop v1', 'major', 'features', 'drop v1'],
    ['chore!: drop node 18', 'major', 'other', 'drop node 18'],
    ['fix: a\n\nBREAKING CHANGE: the note', 'major', 'fixes', 'the note'],
    [
      'fix!: a\n\nBREAKING CHANGE: one\n\nBREAKING-CHANGE: two',
      'major',
      'fixes',
      'one\ntwo',
    ],
    ['Update\n\nBREAKING CHANGE: the note', null, 'other', null],
  ])(
    '%j -> bump %s, section %s, breaking note %j',
    (message, bump, section, note) => {
      const [c] = preset.prepare([commit(message)]);
      expect(preset.bump(c)).toBe(bump);
      expect(preset.section(c)).toBe(section);
      expect(preset.breakingNote(c)).toBe(note);
    },
  );

  it('keeps Release-As only on conventional commits', () => {
    expect(preset.releaseAs(commit('chore: x\n\nRelease-As: 2.0.0'))).toBe(
      '2.0.0',
    );
    expect(preset.releaseAs(commit('Bump\n\nRelease-As: 2.0.0'))).toBeNull();
  });
});
