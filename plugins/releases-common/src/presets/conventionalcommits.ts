/*
 * release-please's rules (googleapis/release-please):
 *
 * - `src/versioning-strategies/default.ts` (DefaultVersioningStrategy): a
 *   breaking commit bumps major (minor with `bumpMinorPreMajor` while the
 *   major is 0); `feat` or `feature` bumps minor (patch with
 *   `bumpPatchForMinorPreMajor` while the major is 0); a `Release-As` note
 *   forces the version, the newest commit's winning ("commits are handled
 *   newest to oldest, so take the first one (newest) found"; issue #1223).
 * - `src/commit.ts`: a commit is breaking with `!` in its header or a footer
 *   token containing BREAKING (`BREAKING CHANGE`, `BREAKING-CHANGE`), and
 *   also with a BREAKING CHANGE marker in the body; the `!` note text is the
 *   subject. `Release-As` footers are matched case-insensitively. Messages
 *   whose header is not conventional fail to parse and are skipped.
 * - `src/util/filter-commits.ts` (DEFAULT_CHANGELOG_SECTIONS) and
 *   `src/strategies/base.ts`: the default strategy falls back to a patch for
 *   anything, but no release happens unless a commit is user facing: types
 *   feat, fix, perf and revert are visible; chore, docs, style, refactor,
 *   test, build and ci are hidden unless the commit is breaking. A
 *   `Release-As` footer makes any commit count (release-please PR #891).
 *
 * `deps` releases a patch too: release-please's language strategies (node,
 * java, python, ...) list it as a visible "Dependencies" section. We show it
 * under Bug Fixes, the section dependency updates most often belong to.
 *
 * Reverts do not cancel out in release-please: a `revert:` commit is a patch.
 * Git's default `Revert "..."` header is not a conventional header, so, as in
 * release-please, it does not release.
 */
import type { SemVer } from '../semver';
import type { Bump, ParsedCommit } from '../types';
import type { VersioningOptions, VersioningPreset } from './preset';

const MINOR_TYPES = new Set(['feat', 'feature']);
const PATCH_TYPES = new Set(['fix', 'perf', 'revert', 'deps']);

function isBreaking(commit: ParsedCommit): boolean {
  return (
    commit.type !== null && (commit.bang || commit.breakingNotes.length > 0)
  );
}

export class ConventionalCommitsPreset implements VersioningPreset {
  readonly name = 'conventionalcommits' as const;

  prepare(commits: readonly ParsedCommit[]): ParsedCommit[] {
    return [...commits];
  }

  bump(commit: ParsedCommit): Bump | null {
    if (commit.type === null) return null;
    if (isBreaking(commit)) return 'major';
    if (MINOR_TYPES.has(commit.type)) return 'minor';
    if (PATCH_TYPES.has(commit.type)) return 'patch';
    return null;
  }

  breakingNote(commit: ParsedCommit): string | null {
    if (!isBreaking(commit)) return null;
    return commit.breakingNotes.length > 0
      ? commit.breakingNotes.join('\n')
      : commit.description;
  }

  section(commit: ParsedCommit) {
    switch (commit.type) {
      case 'feat':
      case 'feature':
        return 'features' as const;
      case 'fix':
      case 'deps':
        return 'fixes' as const;
      case 'perf':
        return 'performance' as const;
      case 'revert':
        return 'reverts' as const;
      default:
        return 'other' as const;
    }
  }

  releaseAs(commit: ParsedCommit): string | null {
    return commit.type !== null ? commit.releaseAs : null;
  }

  adjustBump(bump: Bump, current: SemVer, options: VersioningOptions): Bump {
    if (current.major > 0) return bump;
    if (bump === 'major' && options.bumpMinorPreMajor) return 'minor';
    if (bump === 'minor' && options.bumpPatchForMinorPreMajor) return 'patch';
    return bump;
  }
}
