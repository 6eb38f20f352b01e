/*
 * The next version of a commit range. Both tools agree on the frame: merge
 * commits do not count (the commits they bring in are in the range), the
 * largest increment wins, and a repository without a release starts at
 * 1.0.0 (release-please's and semantic-release's first release).
 */
import { InvalidVersionError } from '../errors';
import type {
  PresetId,
  VersioningOptions,
  VersioningPreset,
} from '../presets/preset';
import { maxBump } from '../presets/preset';
import { resolvePreset } from '../presets/registry';
import { compareSemVer, diffSemVer, incSemVer, parseSemVer } from '../semver';
import type { Bump, ParsedCommit } from '../types';

const FIRST_RELEASE = '1.0.0';

export interface ComputeNextVersionInput {
  /** Version of the newest release, without tag prefix; `null` before the first release. */
  current: string | null;
  /** Commits since that release, newest first (as `git log` lists them). */
  commits: ParsedCommit[];
  /** A preset, or the name of a built-in or registered one. */
  preset: VersioningPreset | PresetId;
  options?: VersioningOptions;
}

export interface NextVersion {
  current: string | null;
  /** `null` when nothing in the range releases. */
  next: string | null;
  /** Increment from `current` to `next`; for a first release, the largest commit increment. */
  bump: Bump | null;
  /** Version forced by a `Release-As` footer, when one applies. */
  releaseAs: string | null;
  /** Number of commits in the range, merges included. */
  commits: number;
  /** Commits that make the release (newest first), as the preset read them. */
  releasable: ParsedCommit[];
}

/**
 * Computes the next version of a range. Throws `InvalidVersionError` when
 * `current` is not a strict semantic version.
 *
 * A `Release-As` version only applies when it is above `current`: an older
 * footer cannot propose a version that is already released.
 */
export function computeNextVersion(
  input: ComputeNextVersionInput,
): NextVersion {
  const { current, commits, options = {} } = input;
  const preset = resolvePreset(input.preset);
  const currentVersion = current === null ? null : parseSemVer(current);
  if (current !== null && !currentVersion)
    throw new InvalidVersionError(current);

  const range = preset.prepare(commits.filter(c => !c.merge));
  let bump: Bump | null = null;
  let releaseAs: string | null = null;
  let releaseAsSeen = false;
  const releasable: ParsedCommit[] = [];
  for (const commit of range) {
    const commitBump = preset.bump(commit);
    let forces = false;
    const forced = preset.releaseAs(commit);
    // Newest first, so the first footer found is the newest one, which wins.
    if (forced !== null && !releaseAsSeen) {
      releaseAsSeen = true;
      if (current === null || compareSemVer(forced, current) > 0) {
        releaseAs = forced;
        forces = true;
      }
    }
    bump = maxBump(bump, commitBump);
    if (commitBump !== null || forces) releasable.push(commit);
  }

  const result = { current, releaseAs, commits: commits.length, releasable };
  if (releaseAs !== null) {
    return {
      ...result,
      next: releaseAs,
      bump: diffSemVer(current ?? '0.0.0', releaseAs) ?? bump,
    };
  }
  if (bump === null) return { ...result, next: null, bump: null };
  if (currentVersion === null) return { ...result, next: FIRST_RELEASE, bump };
  const adjusted = preset.adjustBump(bump, currentVersion, options);
  return {
    ...result,
    next: incSemVer(currentVersion, adjusted),
    bump: adjusted,
  };
}
