/*
 * A versioning preset reads commits by one commit convention and decides
 * what each one means for the next version and for the changelog.
 * Implementations live in this folder, one per file, and are looked up by
 * name through `getPreset` (see `index.ts`).
 */
import type { SemVer } from '../semver';
import type {
  Bump,
  ChangelogSectionId,
  ParsedCommit,
  PresetName,
} from '../types';

/** Options of the version computation; presets may ignore them. */
export interface VersioningOptions {
  /** With a current major of 0, a breaking change bumps the minor version. */
  bumpMinorPreMajor?: boolean;
  /** With a current major of 0, a feature bumps the patch version. */
  bumpPatchForMinorPreMajor?: boolean;
}

/**
 * A built-in preset name or the name of a registered one. (`string &
 * Record<never, never>` keeps editors suggesting the built-in names.)
 */
export type PresetId = PresetName | (string & Record<never, never>);

export interface VersioningPreset {
  /** Name the preset is registered under. */
  readonly name: PresetId;

  /**
   * Returns the range (newest first, merge commits already removed) as this
   * preset reads it: commits re-read under its own header grammar, and any
   * range-level rule applied, such as reverted commits cancelling out.
   * Every other method receives commits returned from here.
   */
  prepare(commits: readonly ParsedCommit[]): ParsedCommit[];

  /** The increment this commit asks for on its own; `null` when it does not release. */
  bump(commit: ParsedCommit): Bump | null;

  /**
   * Text for the breaking-changes section, or `null` when the commit is not
   * breaking under this preset.
   */
  breakingNote(commit: ParsedCommit): string | null;

  /**
   * Changelog section of the commit by its type (never `breaking`; that one
   * follows `breakingNote`); `null` hides the commit.
   */
  section(commit: ParsedCommit): Exclude<ChangelogSectionId, 'breaking'> | null;

  /** Version the commit forces (a `Release-As` footer); `null` when none. */
  releaseAs(commit: ParsedCommit): string | null;

  /** Adjusts the range's largest increment to the current version (pre-1.0 rules). */
  adjustBump(bump: Bump, current: SemVer, options: VersioningOptions): Bump;
}

/** Creates a preset; registered with `registerPreset`. */
export type VersioningPresetFactory = () => VersioningPreset;

const ORDER: Record<Bump, number> = { patch: 1, minor: 2, major: 3 };

/** The larger of two increments, treating `null` as no release. */
export function maxBump(a: Bump | null, b: Bump | null): Bump | null {
  if (a === null) return b;
  if (b === null) return a;
  return ORDER[a] >= ORDER[b] ? a : b;
}
