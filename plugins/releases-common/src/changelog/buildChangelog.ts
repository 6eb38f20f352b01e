/*
 * Changelog of a commit range, as structured data (the REST API and the UI
 * use it as is; `renderChangelogMarkdown` turns it into release-please-style
 * markdown).
 */
import type { PresetId, VersioningPreset } from '../presets/preset';
import { resolvePreset } from '../presets/registry';
import type {
  Changelog,
  ChangelogEntry,
  ChangelogSectionId,
  ParsedCommit,
} from '../types';

/** Section titles, in display order. */
export const CHANGELOG_SECTION_TITLES: Readonly<
  Record<ChangelogSectionId, string>
> = {
  breaking: '⚠ BREAKING CHANGES',
  features: 'Features',
  fixes: 'Bug Fixes',
  performance: 'Performance Improvements',
  reverts: 'Reverts',
  other: 'Other Changes',
};

const SECTION_ORDER = Object.keys(
  CHANGELOG_SECTION_TITLES,
) as ChangelogSectionId[];

export interface BuildChangelogInput {
  /** Commits of the range, newest first; entries keep this order. */
  commits: ParsedCommit[];
  preset: VersioningPreset | PresetId;
  /** Version the range releases as; `null` when it does not release. */
  version?: string | null;
  previousVersion?: string | null;
  /** Release date (ISO 8601; only the date part is kept). */
  date?: string | null;
  /** Web URL of the repository, e.g. `https://github.com/acme/cart`, for links. */
  repoUrl?: string;
  /** Tag prefix, for the compare link between the two versions (default `v`). */
  tagPrefix?: string;
}

/** Web base URL of a repository: without a trailing `/` or `.git`. */
export function normalizeRepoUrl(repoUrl: string): string {
  let url = repoUrl.trim();
  for (;;) {
    if (url.endsWith('/')) url = url.slice(0, -1);
    else if (url.endsWith('.git')) url = url.slice(0, -4);
    else return url;
  }
}

/**
 * Builds the changelog of a range. Merge commits are left out (the commits
 * they bring in are listed). A breaking commit is listed under breaking
 * changes, with its note, and under its type's section; breaking commits of
 * types without a section of their own appear under breaking changes only.
 * `other` lists everything else that does not release, so developers see
 * every unreleased change.
 */
export function buildChangelog(input: BuildChangelogInput): Changelog {
  const preset = resolvePreset(input.preset);
  const base = input.repoUrl ? normalizeRepoUrl(input.repoUrl) : undefined;
  const entries = new Map<ChangelogSectionId, ChangelogEntry[]>(
    SECTION_ORDER.map(id => [id, []]),
  );
  for (const commit of preset.prepare(input.commits.filter(c => !c.merge))) {
    const entry: ChangelogEntry = {
      sha: commit.sha,
      shortSha: commit.sha.slice(0, 7),
      type: commit.type,
      scope: commit.scope,
      description: commit.description,
      authorName: commit.authorName,
      date: commit.date,
    };
    if (base) entry.url = `${base}/commit/${commit.sha}`;
    const note = preset.breakingNote(commit);
    const section = preset.section(commit);
    if (note !== null)
      entries.get('breaking')!.push({ ...entry, breakingNote: note });
    if (section !== null && !(note !== null && section === 'other')) {
      entries.get(section)!.push(entry);
    }
  }

  const version = input.version ?? null;
  const previousVersion = input.previousVersion ?? null;
  const changelog: Changelog = {
    version,
    previousVersion,
    date: input.date ? input.date.slice(0, 10) : null,
    sections: SECTION_ORDER.filter(id => entries.get(id)!.length > 0).map(
      id => ({
        id,
        title: CHANGELOG_SECTION_TITLES[id],
        entries: entries.get(id)!,
      }),
    ),
  };
  if (base && version && previousVersion) {
    const prefix = input.tagPrefix ?? 'v';
    changelog.compareUrl = `${base}/compare/${prefix}${previousVersion}...${prefix}${version}`;
  }
  return changelog;
}
