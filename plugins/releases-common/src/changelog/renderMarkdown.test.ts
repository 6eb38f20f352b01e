import type { Changelog, ChangelogEntry } from '../types';
import {
  renderChangelogMarkdown,
  writeChangelogMarkdown,
} from './renderMarkdown';

const base: Omit<ChangelogEntry, 'description'> = {
  sha: 'abc1234def5678abc1234def5678abc1234def56',
  shortSha: 'abc1234',
  type: 'feat',
  scope: null,
  authorName: 'Jane Doe',
  date: '2026-10-30T12:00:00Z',
};

function changelog(fields: Partial<Changelog>): Changelog {
  return {
    version: '1.3.0',
    previousVersion: '1.2.0',
    date: '2026-11-01',
    sections: [],
    ...fields,
  };
}

describe('renderChangelogMarkdown', () => {
  it('links the version to the comparison when there is one', () => {
    expect(
      renderChangelogMarkdown(
        changelog({ compareUrl: 'https://x.test/compare/v1.2.0...v1.3.0' }),
      ),
    ).toBe('## [1.3.0](https://x.test/compare/v1.2.0...v1.3.0) (2026-11-01)\n');
    expect(renderChangelogMarkdown(changelog({}))).toBe(
      '## 1.3.0 (2026-11-01)\n',
    );
    expect(
      renderChangelogMarkdown(changelog({ version: null, date: null })),
    ).toBe('## Unreleased\n');
  });

  it('escapes HTML in commit text and indents multi-line breaking notes', () => {
    const md = renderChangelogMarkdown(
      changelog({
        date: null,
        sections: [
          {
            id: 'breaking',
            title: '⚠ BREAKING CHANGES',
            entries: [
              {
                ...base,
                scope: '<ui>',
                description: 'x',
                breakingNote:
                  'the <Button> prop `kind` is gone\n#### Migration\n- use `variant`',
              },
            ],
          },
          {
            id: 'features',
            title: 'Features',
            entries: [
              { ...base, description: 'render <img onerror=x> safely' },
            ],
          },
        ],
      }),
    );
    expect(md).toBe(
      [
        '## 1.3.0',
        '',
        '### ⚠ BREAKING CHANGES',
        '',
        '* **&lt;ui&gt;:** the &lt;Button&gt; prop `kind` is gone',
        '  #### Migration',
        '  - use `variant`',
        '',
        '### Features',
        '',
        '* render &lt;img onerror=x&gt; safely (abc1234)',
        '',
      ].join('\n'),
    );
  });

  it('shows the type of other changes, which mix types', () => {
    const md = renderChangelogMarkdown(
      changelog({
        date: null,
        sections: [
          {
            id: 'other',
            title: 'Other Changes',
            entries: [
              {
                ...base,
                type: 'chore',
                scope: 'deps',
                description: 'bump x',
                url: 'https://x.test/commit/abc',
              },
              { ...base, type: 'docs', description: 'fix typo' },
              { ...base, type: null, description: 'Update CODEOWNERS (#7)' },
            ],
          },
        ],
      }),
    );
    expect(md).toBe(
      [
        '## 1.3.0',
        '',
        '### Other Changes',
        '',
        '* **chore(deps):** bump x ([abc1234](https://x.test/commit/abc))',
        '* **docs:** fix typo (abc1234)',
        // Without a repository URL there is nothing to link `(#7)` to.
        '* Update CODEOWNERS (#7) (abc1234)',
        '',
      ].join('\n'),
    );
  });

  it('writes a long changelog in whole lines of about 64 KiB, the same text', () => {
    const entries = Array.from({ length: 3000 }, (_, i) => ({
      ...base,
      scope: i % 3 ? 'api' : null,
      description: `change number ${i} with some words to make the line longer`,
    }));
    const long = changelog({
      sections: [
        { id: 'features', title: 'Features', entries },
        { id: 'fixes', title: 'Bug Fixes', entries: entries.slice(0, 10) },
      ],
    });
    const chunks: string[] = [];
    writeChangelogMarkdown(long, chunk => chunks.push(chunk));
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join('')).toBe(renderChangelogMarkdown(long));
    expect(chunks.join('')).toContain(
      '* **api:** change number 2999 with some words',
    );
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.length).toBeGreaterThanOrEqual(65536);
      expect(chunk.length).toBeLessThan(65536 + 200);
      expect(chunk.endsWith('\n')).toBe(true);
    }
  });
});
