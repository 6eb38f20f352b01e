import {
  CHANGELOG_SECTION_TITLES,
  type Changelog,
  type ChangelogEntry,
  type ChangelogSectionId,
} from '@releases-for-backstage/plugin-releases-common';

const SECTION_OF_TYPE: Record<string, ChangelogSectionId> = {
  feat: 'features',
  fix: 'fixes',
  perf: 'performance',
  revert: 'reverts',
};

/**
 * The entries one component adds over prod as a changelog, so that
 * `ChangelogView` shows them in its sections: breaking changes (those with
 * a note) first, then by conventional commit type.
 */
export function addsChangelog(entries: readonly ChangelogEntry[]): Changelog {
  const order = Object.keys(CHANGELOG_SECTION_TITLES) as ChangelogSectionId[];
  const byId = new Map<ChangelogSectionId, ChangelogEntry[]>();
  for (const entry of entries) {
    const id: ChangelogSectionId = entry.breakingNote
      ? 'breaking'
      : SECTION_OF_TYPE[entry.type ?? ''] ?? 'other';
    byId.set(id, [...(byId.get(id) ?? []), entry]);
  }
  return {
    version: null,
    previousVersion: null,
    date: null,
    sections: order
      .filter(id => byId.has(id))
      .map(id => ({
        id,
        title: CHANGELOG_SECTION_TITLES[id],
        entries: byId.get(id)!,
      })),
  };
}
