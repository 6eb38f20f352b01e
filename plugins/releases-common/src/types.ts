/*
 * Core types of the versioning engine. Everything here is plain data so the
 * CLI, the backend and the frontend can share one implementation.
 */

/** Names of the built-in commit convention presets. */
export type PresetName = 'conventionalcommits' | 'angular';

/** A semantic version increment. */
export type Bump = 'major' | 'minor' | 'patch';

/** A commit as read from Git (one `git log` record). */
export interface RawCommit {
  /** Full 40-hex commit id. */
  sha: string;
  /** Parent commit ids; more than one for a merge commit. */
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** Author date, ISO 8601. */
  date: string;
  /** Full commit message: subject, blank line, body and footers. */
  message: string;
}

/** A footer (trailer) such as `BREAKING CHANGE: ...`, `Refs: #12`, `Release-As: 2.0.0`. */
export interface CommitFooter {
  token: string;
  value: string;
}

/**
 * A commit message parsed by the Conventional Commits grammar. The parse is
 * preset-neutral: presets decide what `bang` and the footers mean.
 */
export interface ParsedCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  date: string;
  /** First line of the message. */
  header: string;
  /** `feat`, `fix`, ... lower-cased; `null` when the header is not conventional. */
  type: string | null;
  scope: string | null;
  /** True when the header carries `!` before the colon (`feat(api)!: ...`). */
  bang: boolean;
  /** Header text after `type(scope)!: `, or the whole header when not conventional. */
  description: string;
  /** Text between the header and the footers. */
  body: string;
  footers: CommitFooter[];
  /** Texts of `BREAKING CHANGE:` / `BREAKING-CHANGE:` footers. */
  breakingNotes: string[];
  /** Set when the commit reverts another one. */
  revert: { header: string; sha: string | null } | null;
  /** True for merge commits (more than one parent, or a `Merge ...` header). */
  merge: boolean;
  /** Version from a `Release-As: x.y.z` footer, if any. */
  releaseAs: string | null;
}

/** Identifiers of changelog sections, in display order. */
export type ChangelogSectionId =
  | 'breaking'
  | 'features'
  | 'fixes'
  | 'performance'
  | 'reverts'
  | 'other';

export interface ChangelogEntry {
  sha: string;
  shortSha: string;
  type: string | null;
  scope: string | null;
  description: string;
  /** Breaking-change note, for entries of the `breaking` section. */
  breakingNote?: string;
  /** Link to the commit when the repository's web URL is known. */
  url?: string;
  authorName: string;
  date: string;
}

export interface ChangelogSection {
  id: ChangelogSectionId;
  title: string;
  entries: ChangelogEntry[];
}

/** A changelog for one version (or for the unreleased range). */
export interface Changelog {
  /** Version the changes belong to; `null` for a range that does not release. */
  version: string | null;
  previousVersion: string | null;
  /** ISO date (YYYY-MM-DD) of the release, when known. */
  date: string | null;
  /** Non-empty sections only, in the order of `ChangelogSectionId`. */
  sections: ChangelogSection[];
  /**
   * Web link comparing the previous release with this one, when the
   * repository URL and both versions are known.
   */
  compareUrl?: string;
}
