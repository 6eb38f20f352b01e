import { parseCommit } from '../commits/parseCommit';
import type { ParsedCommit } from '../types';
import { buildChangelog, normalizeRepoUrl } from './buildChangelog';
import { renderChangelogMarkdown } from './renderMarkdown';

const sha = (digit: string) => digit.repeat(40);

function commit(
  digit: string,
  message: string,
  parents = [sha('f')],
): ParsedCommit {
  return parseCommit({
    sha: sha(digit),
    parents,
    authorName: `Author ${digit}`,
    authorEmail: `${digit}@example.com`,
    date: `2026-10-2${digit.charCodeAt(0) % 10}T12:00:00Z`,
    message,
  });
}

// A range as `git log` lists it, newest first.
const range = [
  commit(
    '1',
    'feat(api)!: replace token endpoint (#45)\n\nBREAKING CHANGE: `/token` is gone; use `/oauth/token`.',
  ),
  commit('2', 'Merge pull request #44 from acme/x\n\nfix: something', [
    sha('e'),
    sha('d'),
  ]),
  commit('3', 'fix(ui): escape <script> in names'),
  commit('4', 'perf: cache tags'),
  commit('5', `revert: fix: flaky retry\n\nThis reverts commit ${sha('a')}.`),
  commit('6', 'docs: update README'),
  commit('7', 'chore!: drop Node 18'),
  commit('8', 'Update CODEOWNERS'),
  commit('9', 'feat: add refunds (#12)'),
];

const GH = 'https://github.com/acme/cart';
const link = (digit: string) => `${GH}/commit/${sha(digit)}`;
const entry = (digit: string, fields: object) => ({
  sha: sha(digit),
  shortSha: digit.repeat(7),
  authorName: `Author ${digit}`,
  date: `2026-10-2${digit.charCodeAt(0) % 10}T12:00:00Z`,
  url: link(digit),
  ...fields,
});

describe('buildChangelog', () => {
  it('builds the sections of a conventionalcommits range', () => {
    const changelog = buildChangelog({
      commits: range,
      preset: 'conventionalcommits',
      version: '2.0.0',
      previousVersion: '1.4.0',
      date: '2026-11-01T09:30:00Z',
      repoUrl: 'https://github.com/acme/cart.git/',
    });
    expect(changelog).toEqual({
      version: '2.0.0',
      previousVersion: '1.4.0',
      date: '2026-11-01',
      compareUrl: `${GH}/compare/v1.4.0...v2.0.0`,
      sections: [
        {
          id: 'breaking',
          title: '⚠ BREAKING CHANGES',
          entries: [
            entry('1', {
              type: 'feat',
              scope: 'api',
              description: 'replace token endpoint (#45)',
              breakingNote: '`/token` is gone; use `/oauth/token`.',
            }),
            entry('7', {
              type: 'chore',
              scope: null,
              description: 'drop Node 18',
              breakingNote: 'drop Node 18',
            }),
          ],
        },
        {
          id: 'features',
          title: 'Features',
          entries: [
            entry('1', {
              type: 'feat',
              scope: 'api',
              description: 'replace token endpoint (#45)',
            }),
            entry('9', {
              type: 'feat',
              scope: null,
              description: 'add refunds (#12)',
            }),
          ],
        },
        {
          id: 'fixes',
          title: 'Bug Fixes',
          entries: [
            entry('3', {
              type: 'fix',
              scope: 'ui',
              description: 'escape <script> in names',
            }),
          ],
        },
        {
          id: 'performance',
          title: 'Performance Improvements',
          entries: [
            entry('4', {
              type: 'perf',
              scope: null,
              description: 'cache tags',
            }),
          ],
        },
        {
          id: 'reverts',
          title: 'Reverts',
          entries: [
            entry('5', {
              type: 'revert',
              scope: null,
              description: 'fix: flaky retry',
            }),
          ],
        },
        {
          id: 'other',
          title: 'Other Changes',
          entries: [
            entry('6', {
              type: 'docs',
              scope: null,
              description: 'update README',
            }),
            entry('8', {
              type: null,
              scope: null,
              description: 'Update CODEOWNERS',
            }),
          ],
        },
      ],
    });
  });

  it('renders release-please-style markdown', () => {
    const changelog = buildChangelog({
      commits: range,
      preset: 'conventionalcommits',
      version: '2.0.0',
      previousVersion: '1.4.0',
      date: '2026-11-01',
      repoUrl: GH,
    });
    expect(renderChangelogMarkdown(changelog)).toBe(
      [
        `## [2.0.0](${GH}/compare/v1.4.0...v2.0.0) (2026-11-01)`,
        '',
        '### ⚠ BREAKING CHANGES',
        '',
        '* **api:** `/token` is gone; use `/oauth/token`.',
        '* drop Node 18',
        '',
        '### Features',
        '',
        `* **api:** replace token endpoint ([#45](${GH}/issues/45)) ([1111111](${link(
          '1',
        )}))`,
        `* add refunds ([#12](${GH}/issues/12)) ([9999999](${link('9')}))`,
        '',
        '### Bug Fixes',
        '',
        `* **ui:** escape &lt;script&gt; in names ([3333333](${link('3')}))`,
        '',
        '### Performance Improvements',
        '',
        `* cache tags ([4444444](${link('4')}))`,
        '',
        '### Reverts',
        '',
        `* fix: flaky retry ([5555555](${link('5')}))`,
        '',
        '### Other Changes',
        '',
        `* **docs:** update README ([6666666](${link('6')}))`,
        `* Update CODEOWNERS ([8888888](${link('8')}))`,
        '',
      ].join('\n'),
    );
  });

  it('uses the tag prefix in the compare link', () => {
    const changelog = buildChangelog({
      commits: [],
      preset: 'conventionalcommits',
      version: '1.3.0',
      previousVersion: '1.2.0',
      repoUrl: 'https://gitlab.example.com/shop/cart',
      tagPrefix: 'cart-v',
    });
    expect(changelog.compareUrl).toBe(
      'https://gitlab.example.com/shop/cart/compare/cart-v1.2.0...cart-v1.3.0',
    );
  });

  it('reads the range as semantic-release does under angular', () => {
    const changelog = buildChangelog({
      commits: [
        commit(
          '1',
          `Revert "feat: add refunds"\n\nThis reverts commit ${sha('3')}.`,
        ),
        commit('2', 'feat(api)!: drop v1'),
        commit('3', 'feat: add refunds'),
        commit('4', 'fix: a\n\nBREAKING-CHANGE: not an angular keyword'),
      ],
      preset: 'angular',
    });
    expect(
      changelog.sections.map(s => [s.id, s.entries.map(e => e.description)]),
    ).toEqual([
      ['fixes', ['a']],
      ['other', ['feat(api)!: drop v1']],
    ]);
  });

  it('renders without links, version or date when they are unknown', () => {
    const changelog = buildChangelog({
      commits: [
        commit('a', 'feat(api): add x'),
        commit('b', 'fix: a\n\nBREAKING CHANGE: first line\nsecond line'),
      ],
      preset: 'conventionalcommits',
    });
    expect(changelog).toMatchObject({
      version: null,
      previousVersion: null,
      date: null,
    });
    expect(changelog.compareUrl).toBeUndefined();
    expect(changelog.sections[0].entries[0].url).toBeUndefined();
    expect(renderChangelogMarkdown(changelog)).toBe(
      [
        '## Unreleased',
        '',
        '### ⚠ BREAKING CHANGES',
        '',
        '* first line',
        '  second line',
        '',
        '### Features',
        '',
        '* **api:** add x (aaaaaaa)',
        '',
        '### Bug Fixes',
        '',
        '* a (bbbbbbb)',
        '',
      ].join('\n'),
    );
  });

  it('renders a version without a compare link when the previous version is unknown', () => {
    const changelog = buildChangelog({
      commits: [commit('c', 'fix: a (#3)')],
      preset: 'angular',
      version: '1.0.0',
      date: '2026-11-01',
      repoUrl: GH,
    });
    expect(renderChangelogMarkdown(changelog)).toBe(
      [
        '## 1.0.0 (2026-11-01)',
        '',
        '### Bug Fixes',
        '',
        `* a ([#3](${GH}/issues/3)) ([ccccccc](${link('c')}))`,
        '',
      ].join('\n'),
    );
  });

  it('renders an empty range as a bare heading', () => {
    const changelog = buildChangelog({
      commits: [],
      preset: 'conventionalcommits',
      version: '1.0.1',
    });
    expect(changelog.sections).toEqual([]);
    expect(renderChangelogMarkdown(changelog)).toBe('## 1.0.1\n');
  });
});

describe('normalizeRepoUrl', () => {
  it.each([
    ['https://github.com/acme/cart', 'https://github.com/acme/cart'],
    ['https://github.com/acme/cart/', 'https://github.com/acme/cart'],
    ['https://github.com/acme/cart.git', 'https://github.com/acme/cart'],
    ['https://github.com/acme/cart.git/', 'https://github.com/acme/cart'],
    [
      ' https://gitlab.com/group/sub/cart// ',
      'https://gitlab.com/group/sub/cart',
    ],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeRepoUrl(input)).toBe(expected);
  });
});
