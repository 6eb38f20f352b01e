import { prependChangelogSection } from './changelogFile';

const SECTION = '## 1.4.1 (2026-12-01)\n\n### Bug Fixes\n\n* fix (abc1234)\n';

describe('prependChangelogSection', () => {
  it('puts the section before the newest release, under the title', () => {
    expect(
      prependChangelogSection(
        '# Changelog\n\n## 1.4.0 (2026-11-01)\n\n* older\n',
        SECTION,
      ),
    ).toBe(`# Changelog\n\n${SECTION}\n## 1.4.0 (2026-11-01)\n\n* older\n`);
  });

  it('keeps text between the title and the first release in place', () => {
    expect(
      prependChangelogSection(
        '# Changelog\n\nAll notable changes.\n\n## 1.4.0\n',
        SECTION,
      ),
    ).toBe(`# Changelog\n\nAll notable changes.\n\n${SECTION}\n## 1.4.0\n`);
  });

  it('writes the first release under a bare title', () => {
    expect(prependChangelogSection('# Changelog\n', SECTION)).toBe(
      `# Changelog\n\n${SECTION}`,
    );
  });

  it('puts the section first in a file without headings', () => {
    expect(prependChangelogSection('Notes.\n', SECTION)).toBe(
      `${SECTION}\nNotes.\n`,
    );
    expect(prependChangelogSection('', SECTION)).toBe(SECTION);
  });
});
