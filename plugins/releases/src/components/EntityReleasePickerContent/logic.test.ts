import { addsChangelog } from './addsChangelog';
import { promotionTarget } from './promotionTarget';

const entry = (sha: string, type: string | null, breakingNote?: string) => ({
  sha: sha.padEnd(40, '0'),
  shortSha: sha,
  type,
  scope: null,
  description: `change ${sha}`,
  authorName: 'Ada',
  date: '2026-11-25T09:00:00.000Z',
  ...(breakingNote ? { breakingNote } : {}),
});

describe('promotionTarget', () => {
  it('takes canary when the product has it, wherever it is', () => {
    expect(promotionTarget(['dev', 'prod', 'canary'])).toBe('canary');
  });

  it('takes the first prod-type environment of the product without canary', () => {
    expect(
      promotionTarget(
        ['dev', 'eu', 'us'],
        [
          { environment: 'us', type: 'prod' },
          { environment: 'eu', type: 'prod' },
          { environment: 'dev', type: 'dev' },
        ],
      ),
    ).toBe('eu');
  });

  it('has none without canary and without a prod type among the product environments', () => {
    expect(promotionTarget(['dev', 'qa'])).toBeUndefined();
    expect(
      promotionTarget(['dev'], [{ environment: 'other', type: 'prod' }]),
    ).toBeUndefined();
  });
});

describe('addsChangelog', () => {
  it('puts entries in sections by type, breaking ones first', () => {
    const log = addsChangelog([
      entry('a1', 'fix'),
      entry('b2', 'feat'),
      entry('c3', 'feat', 'drops the v1 API'),
      entry('d4', 'chore'),
      entry('e5', null),
    ]);
    expect(
      log.sections.map(s => [s.id, s.entries.map(e => e.shortSha)]),
    ).toEqual([
      ['breaking', ['c3']],
      ['features', ['b2']],
      ['fixes', ['a1']],
      ['other', ['d4', 'e5']],
    ]);
  });

  it('has no sections without entries', () => {
    expect(addsChangelog([]).sections).toEqual([]);
  });
});
