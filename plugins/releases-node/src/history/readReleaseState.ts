import {
  buildChangelog,
  compareSemVer,
  computeNextVersion,
  getPreset,
  parseCommit,
  parseReleaseTag,
} from '@releases-for-backstage/plugin-releases-common';
import type {
  Bump,
  Changelog,
  ParsedCommit,
  PresetName,
  RawCommit,
  Release,
} from '@releases-for-backstage/plugin-releases-common';
import { GitRepository, GitTag } from '../git/GitRepository';

/** Thrown when a tag the user names is not a release tag of the prefix. */
export class NotAReleaseTagError extends Error {
  readonly tag: string;
  constructor(tag: string, prefix: string) {
    super(
      `Tag '${tag}' is not a semantic version release tag with prefix '${prefix}'`,
    );
    this.name = NotAReleaseTagError.name;
    this.tag = tag;
  }
}

export interface ReleaseRules {
  /** Prefix of release tags (default `v`). */
  tagPrefix?: string;
  /** Commit convention (default `conventionalcommits`). */
  preset?: PresetName | string;
  bumpMinorPreMajor?: boolean;
  bumpPatchForMinorPreMajor?: boolean;
  /** Web URL of the repository, for commit links in changelogs. */
  repoUrl?: string;
}

export interface UnreleasedState {
  current: string | null;
  currentTag: string | null;
  next: string | null;
  bump: Bump | null;
  releaseAs: string | null;
  commits: number;
  headSha: string;
  /** Commit the range starts after, if any. */
  fromSha: string | null;
  changelog: Changelog;
}

interface ReleaseTag {
  tag: GitTag;
  version: string;
  prerelease: boolean;
}

function releaseTags(tags: GitTag[], prefix: string): ReleaseTag[] {
  const out: ReleaseTag[] = [];
  for (const tag of tags) {
    const parsed = parseReleaseTag(tag.name, prefix);
    if (parsed) {
      out.push({
        tag,
        version: parsed.version,
        prerelease: parsed.isPrerelease,
      });
    }
  }
  return out;
}

const compareVersions = (a: string, b: string) => compareSemVer(a, b);

function newestFinal(tags: ReleaseTag[]): ReleaseTag | undefined {
  let best: ReleaseTag | undefined;
  for (const t of tags) {
    if (t.prerelease) continue;
    if (!best || compareVersions(t.version, best.version) > 0) best = t;
  }
  return best;
}

/** Escapes the characters `git describe --match` globs treat specially. */
function globEscape(text: string): string {
  return text.replace(/[\\*?[\]]/g, c => `\\${c}`);
}

/**
 * The newest final release tag reachable from `sha`. `git describe` finds a
 * reachable release cheaply; only when a higher release exists elsewhere
 * (a maintenance branch, a `from` in the middle of history) or a tag name
 * defeats the glob does it take `for-each-ref --merged`, which walks the
 * whole history.
 */
async function newestReachableFinal(
  repo: GitRepository,
  revision: string,
  sha: Promise<string>,
  prefix: string,
): Promise<ReleaseTag | undefined> {
  const match = `${globEscape(prefix)}[0-9]*`;
  // `git describe` takes the revision itself, so it need not wait for `sha`.
  const [nearest, all] = await Promise.all([
    repo.nearestTag(revision, { match: [match], exclude: [`${match}-*`] }),
    repo.listTags(),
  ]);
  const finals = releaseTags(all, prefix).filter(t => !t.prerelease);
  // Finals the globs would misjudge, e.g. build metadata with a hyphen.
  const globSafe = finals.every(t =>
    /^[0-9][^-]*$/.test(t.tag.name.slice(prefix.length)),
  );
  if (globSafe) {
    if (nearest === null) return undefined;
    const found = finals.find(t => t.tag.name === nearest);
    if (
      found &&
      !finals.some(t => compareVersions(t.version, found.version) > 0)
    ) {
      return found;
    }
  }
  return newestFinal(
    releaseTags(await repo.listTags({ mergedInto: await sha }), prefix),
  );
}

/**
 * Commits reachable from `head` and not from `from`. A negative revision
 * makes `git log` walk the whole range before it writes its first commit
 * (about 100 ms on 20,000 commits); a root commit excludes nothing but
 * itself, so the range from a root (the whole history) is read as it
 * streams, without one.
 */
async function readRange(
  repo: GitRepository,
  head: string,
  from: string,
  fromIsRoot: boolean,
): Promise<ParsedCommit[]> {
  if (!fromIsRoot) {
    return repo.log({ include: [head], exclude: [from], map: parseCommit });
  }
  const commits = await repo.log({ include: [head], map: parseCommit });
  const at = commits.findIndex(c => c.sha === from);
  if (at !== -1) commits.splice(at, 1);
  return commits;
}

/**
 * Reads the unreleased range of a repository and computes the next version
 * and its changelog. The range starts after `from` (default: the newest
 * release tag reachable from `to`) and ends at `to` (default `HEAD`).
 */
export async function readUnreleased(
  repo: GitRepository,
  options: ReleaseRules & { from?: string; to?: string },
): Promise<UnreleasedState> {
  const prefix = options.tagPrefix ?? 'v';
  const preset = getPreset(options.preset ?? 'conventionalcommits');
  let current: string | null = null;
  let currentTag: string | null = null;
  let fromSha: string | null = null;
  let headSha: string;
  let commits: ParsedCommit[];
  if (options.from !== undefined) {
    const from = options.from;
    const range = await repo.inspectRange(options.to ?? 'HEAD', from);
    const fromIsTag = range.fromIsTag;
    const fromCommit = range.fromSha;
    headSha = range.toSha;
    fromSha = fromCommit;
    if (fromIsTag) {
      const parsed = parseReleaseTag(from, prefix);
      if (!parsed) throw new NotAReleaseTagError(from, prefix);
      current = parsed.version;
      currentTag = from;
    }
    // The range and the release it starts from are independent: read both at once.
    const [commitsInRange, base] = await Promise.all([
      readRange(repo, headSha, fromCommit, range.fromIsRoot),
      fromIsTag
        ? Promise.resolve(null)
        : newestReachableFinal(
            repo,
            fromCommit,
            Promise.resolve(fromCommit),
            prefix,
          ),
    ]);
    commits = commitsInRange;
    if (base !== null) {
      current = base?.version ?? null;
      currentTag = base?.tag.name ?? null;
    }
  } else {
    const to = options.to ?? 'HEAD';
    // Resolving `to` and finding its release run side by side; an unknown
    // `to` is reported as such, not as `git describe` failing on it.
    const head = repo.resolveCommit(to);
    const release = newestReachableFinal(repo, to, head, prefix);
    release.catch(() => {});
    headSha = await head;
    const found = await release;
    if (found) {
      current = found.version;
      currentTag = found.tag.name;
      fromSha = found.tag.sha;
    }
    commits = await repo.log({
      include: [headSha],
      exclude: fromSha ? [fromSha] : [],
      map: parseCommit,
    });
  }
  const result = computeNextVersion({
    current,
    commits,
    preset,
    options: {
      bumpMinorPreMajor: options.bumpMinorPreMajor,
      bumpPatchForMinorPreMajor: options.bumpPatchForMinorPreMajor,
    },
  });
  const changelog = buildChangelog({
    commits,
    preset,
    version: result.next,
    previousVersion: current,
    date: null,
    repoUrl: options.repoUrl,
  });
  return {
    current,
    currentTag,
    next: result.next,
    bump: result.bump,
    releaseAs: result.releaseAs,
    commits: commits.length,
    headSha,
    fromSha,
    changelog,
  };
}

/**
 * Reads every release tag of a repository with its changelog, newest first.
 * One `git log` reads all history; ranges are cut in memory: a final release
 * holds what no earlier final release reached, a prerelease what no earlier
 * tag reached.
 */
export async function readReleases(
  repo: GitRepository,
  options: ReleaseRules,
): Promise<Release[]> {
  const prefix = options.tagPrefix ?? 'v';
  const preset = getPreset(options.preset ?? 'conventionalcommits');
  const tags = releaseTags(await repo.listTags(), prefix).sort((a, b) =>
    compareVersions(a.version, b.version),
  );
  if (tags.length === 0) return [];
  const raw = await repo.log({
    include: [...new Set(tags.map(t => t.tag.sha))],
  });
  const bySha = new Map<string, RawCommit>();
  const order = new Map<string, number>();
  raw.forEach((c, i) => {
    bySha.set(c.sha, c);
    order.set(c.sha, i);
  });
  const parsed = new Map<string, ParsedCommit>();
  const parse = (c: RawCommit) => {
    let p = parsed.get(c.sha);
    if (!p) {
      p = parseCommit(c);
      parsed.set(c.sha, p);
    }
    return p;
  };

  // Walks from a commit, collecting commits not yet seen; each commit is
  // visited once per pass, so a pass is linear in the history.
  const delta = (start: string, seen: Set<string>): RawCommit[] => {
    const out: RawCommit[] = [];
    const stack = [start];
    while (stack.length > 0) {
      const sha = stack.pop()!;
      if (seen.has(sha)) continue;
      seen.add(sha);
      const c = bySha.get(sha);
      if (!c) continue;
      out.push(c);
      stack.push(...c.parents);
    }
    return out.sort((a, b) => order.get(a.sha)! - order.get(b.sha)!);
  };

  const releases: Release[] = [];
  const seenAll = new Set<string>();
  const seenFinal = new Set<string>();
  let previousAny: string | null = null;
  let previousFinal: string | null = null;
  for (const t of tags) {
    const anyDelta = delta(t.tag.sha, seenAll);
    let commits = anyDelta;
    let previous = previousAny;
    if (!t.prerelease) {
      commits = delta(t.tag.sha, seenFinal);
      previous = previousFinal;
      previousFinal = t.version;
    }
    previousAny = t.version;
    releases.push({
      tag: t.tag.name,
      version: t.version,
      prerelease: t.prerelease,
      sha: t.tag.sha,
      date: t.tag.date,
      channel: null,
      changelog: buildChangelog({
        commits: commits.map(parse),
        preset,
        version: t.version,
        previousVersion: previous,
        date: t.tag.date.slice(0, 10),
        repoUrl: options.repoUrl,
      }),
    });
  }
  return releases.reverse();
}
