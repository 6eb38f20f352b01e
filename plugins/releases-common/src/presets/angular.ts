/*
 * semantic-release's defaults: @semantic-release/commit-analyzer reading
 * commits with the conventional-changelog-angular preset.
 *
 * - conventional-changelog-angular `src/parser.js`: header pattern
 *   `^(\w*)(?:\((.*)\))?: (.*)$`, so `!` is not part of the grammar (a
 *   `feat!: x` header is not conventional); note keywords are only
 *   `['BREAKING CHANGE']` (`BREAKING-CHANGE` is not one); revert pattern
 *   `^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w{7,40})\b`
 *   (case-insensitive, on the whole message) with `revertCorrespondence`
 *   `['header', 'hash']`, so a revert needs the reverted commit's id, and
 *   the header it names is everything between `Revert "` and the closing
 *   quote before "This reverts commit": for a squash-merged
 *   `Revert "x" (#13)` that is `x" (#13)`, and prose between the header and
 *   that line is part of it. `parseCommit` reads the pattern (`revert.sha`
 *   is set only when the message matches it).
 * - conventional-commits-parser `src/regex.ts`: a note is any line after
 *   the header matching `^[\s|*]*(BREAKING CHANGE)[:\s]+(.*)`,
 *   case-insensitive, body or footer alike.
 * - commit-analyzer `lib/default-release-rules.js`: a commit with a note is
 *   major, a revert is patch, `feat` is minor, `fix` and `perf` are patch
 *   (and the "Conventional" rule `improvement` is minor); anything else does
 *   not release.
 * - commit-analyzer `index.js` runs `filterRevertedCommitsSync` from
 *   conventional-commits-filter (`src/RevertedCommitsFilter.ts`,
 *   `src/utils.ts`): a revert and the commit it reverts, both in the range,
 *   are both dropped. `isMatch` requires every field of the revert to equal
 *   the commit's, as trimmed strings: the header must be the target's header
 *   exactly, and the hash, as the message writes it, must be the full hash
 *   from `git log` (`%H`). So a squash-merged `Revert "x" (#13)`, an
 *   abbreviated id and an upper-case id never cancel: the revert stays and
 *   releases a patch, and the commit it names still counts.
 *
 * semantic-release has no pre-1.0 options and no Release-As footer, so both
 * are ignored here.
 */
import type { SemVer } from '../semver';
import type { Bump, ParsedCommit } from '../types';
import type { VersioningOptions, VersioningPreset } from './preset';

const NOTE_KEYWORD = 'breaking change';

/** Text after the note keyword when the line is an angular note, else `null`. */
function noteText(line: string): string | null {
  let i = 0;
  while (i < line.length && /[\s|*]/.test(line[i])) i++;
  if (line.slice(i, i + NOTE_KEYWORD.length).toLowerCase() !== NOTE_KEYWORD) {
    return null;
  }
  i += NOTE_KEYWORD.length;
  const sep = i;
  while (i < line.length && /[:\s]/.test(line[i])) i++;
  return i > sep ? line.slice(i) : null;
}

/** BREAKING CHANGE notes as the angular parser finds them, on any line after the header. */
function angularNotes(commit: ParsedCommit): string[] {
  const lines = commit.body ? commit.body.split('\n') : [];
  for (const f of commit.footers) {
    lines.push(...`${f.token}: ${f.value}`.split('\n'));
  }
  const notes: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = noteText(lines[i]);
    if (first === null) continue;
    const text = [first];
    while (
      i + 1 < lines.length &&
      lines[i + 1] !== '' &&
      noteText(lines[i + 1]) === null
    ) {
      text.push(lines[++i]);
    }
    notes.push(text.join('\n').trim());
  }
  return notes;
}

/** The commit as the angular grammar reads it. */
function readAngular(commit: ParsedCommit): ParsedCommit {
  // `\w` has no hyphen and the header pattern has no `!`.
  const conventional =
    commit.type !== null && !commit.bang && !commit.type.includes('-');
  return {
    ...commit,
    type: conventional ? commit.type : null,
    scope: conventional ? commit.scope : null,
    bang: false,
    description: conventional ? commit.description : commit.header,
    breakingNotes: angularNotes(commit),
    revert: commit.revert?.sha ? commit.revert : null,
    releaseAs: null,
  };
}

/** conventional-commits-filter's `isMatch(commit, revert.revert)`. */
function reverts(revert: ParsedCommit, commit: ParsedCommit): boolean {
  const target = revert.revert;
  if (!target?.sha) return false;
  return (
    target.sha.trim() === commit.sha.trim() &&
    target.header.trim() === commit.header.trim()
  );
}

/**
 * Drops every revert together with the commit it reverts when both are in
 * the range (newest first, so a revert is seen before its target). A revert
 * of a revert cancels the first revert, which brings the original back.
 */
export function cancelRevertedCommits(
  commits: readonly ParsedCommit[],
): ParsedCommit[] {
  const waiting: ParsedCommit[] = [];
  const dropped = new Set<ParsedCommit>();
  for (const commit of commits) {
    const i = waiting.findIndex(r => reverts(r, commit));
    if (i !== -1) {
      dropped.add(commit);
      dropped.add(waiting[i]);
      waiting.splice(i, 1);
    } else if (commit.revert) {
      waiting.push(commit);
    }
  }
  return commits.filter(c => !dropped.has(c));
}

export class AngularPreset implements VersioningPreset {
  readonly name = 'angular' as const;

  prepare(commits: readonly ParsedCommit[]): ParsedCommit[] {
    return cancelRevertedCommits(commits.map(readAngular));
  }

  bump(commit: ParsedCommit): Bump | null {
    if (commit.breakingNotes.length > 0) return 'major';
    if (commit.revert) return 'patch';
    switch (commit.type) {
      case 'feat':
      case 'improvement':
        return 'minor';
      case 'fix':
      case 'perf':
        return 'patch';
      default:
        return null;
    }
  }

  breakingNote(commit: ParsedCommit): string | null {
    if (commit.breakingNotes.length === 0) return null;
    const text = commit.breakingNotes.filter(Boolean).join('\n');
    return text || commit.description;
  }

  section(commit: ParsedCommit) {
    if (commit.revert) return 'reverts' as const;
    switch (commit.type) {
      case 'feat':
      case 'improvement':
        return 'features' as const;
      case 'fix':
        return 'fixes' as const;
      case 'perf':
        return 'performance' as const;
      default:
        return 'other' as const;
    }
  }

  releaseAs(): string | null {
    return null;
  }

  adjustBump(bump: Bump, _current: SemVer, _options: VersioningOptions): Bump {
    return bump;
  }
}
