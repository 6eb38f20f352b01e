/*
 * Which version a promotion puts into an environment, by environment type:
 *   dev      runs `WIP`: the branch head, no tag;
 *   qa       gets the next `vX.Y.Z-rc.N` on the branch head (N counts per X.Y.Z);
 *            the requested X.Y.Z must be new (no final tag), not below the
 *            newest final release (unless it comes from its release branch),
 *            and not above the next version unless the jump is confirmed;
 *   staging  takes an existing tag, by default what the previous environment runs;
 *   prod     takes the highest rc of X.Y.Z and tags it `vX.Y.Z`, or reuses an
 *            existing `vX.Y.Z`; without an rc it refuses.
 * Pure: the caller reads tags from Git and applies the plan.
 */
import type { EnvironmentDefinition } from '../environments/environments';
import { InvalidVersionError, ReleasesError } from '../errors';
import { compareSemVer, parseSemVer } from '../semver';
import {
  highestPrerelease,
  latestReleaseTag,
  nextPrereleaseTag,
  parseReleaseTag,
} from '../versioning/tags';

export const WIP_VERSION = 'WIP';

export type VersionPlan =
  /** Deploy the branch head without a tag. */
  | { kind: 'wip'; version: typeof WIP_VERSION; sha: string }
  /** Deploy an existing tag. */
  | { kind: 'existing'; tag: string; version: string; sha: string }
  /** Create a tag on a commit, then deploy it. */
  | {
      kind: 'create-tag';
      tag: string;
      version: string;
      sha: string;
      /** For a final release, the candidate it is made from. */
      fromTag: string | null;
    };

/** Production was asked for a version that has no release candidate. */
export class NoReleaseCandidateError extends ReleasesError {
  constructor(readonly version: string, readonly environment: string) {
    super(
      `No release candidate of ${version} exists; ${environment} takes the highest rc of a version, so promote ${version} through qa first`,
    );
  }
}

/** The promotion names no version and none can be derived. */
export class NothingToPromoteError extends ReleasesError {}

/** A requested tag does not exist in the application repository. */
export class UnknownVersionError extends ReleasesError {
  constructor(readonly version: string) {
    super(`Version '${version}' is not a tag of the application repository`);
  }
}

/** A qa version above the next version, asked for without confirming the jump. */
export class VersionJumpError extends ReleasesError {
  constructor(readonly version: string, readonly next: string | null) {
    super(
      next
        ? `Version ${version} jumps over the next version ${next} of the unreleased commits; confirm the jump (allowJump) to release it`
        : `Version ${version} is a jump: the unreleased commits release nothing; confirm the jump (allowJump) to release it`,
    );
  }
}

export interface PlanInput {
  environment: EnvironmentDefinition;
  /** Requested version: `X.Y.Z`, a tag name, `WIP`, or null for the default. */
  requested: string | null;
  /** What the previous environment runs, if any. */
  previous: { version: string; sha: string | null } | null;
  /** Every tag of the application repository. */
  tags: ReadonlyArray<{ name: string; sha: string }>;
  /** Release tag prefix, e.g. `v`. */
  prefix: string;
  /** Head of the release branch and the next version its commits produce. */
  head: { sha: string; nextVersion: string | null };
  /**
   * The head is the version's own release branch (`release/X.Y.Z`), where a
   * version below the newest release is a fix of an older line.
   */
  releaseBranch?: boolean;
  /** A qa version above the next version is intended (a jump). */
  allowJump?: boolean;
  /**
   * qa may redeploy an existing final release as it is (a product
   * release lists finals; one without a candidate goes as itself).
   */
  redeployFinal?: boolean;
}

function findTag(input: PlanInput, name: string) {
  return input.tags.find(t => t.name === name);
}

/** `1.2.3`, `v1.2.3` or `v1.2.3-rc.4` -> the tag it names, if it exists. */
function existingTag(input: PlanInput, requested: string) {
  return (
    findTag(input, requested) ?? findTag(input, `${input.prefix}${requested}`)
  );
}

/** The X.Y.Z a request or an environment's version is about. */
function coreVersion(input: PlanInput, value: string): string {
  const fromTag = parseReleaseTag(value, input.prefix);
  const v = parseSemVer(fromTag ? fromTag.version : value);
  if (!v) {
    throw new InvalidVersionError(
      value,
      `is neither a version X.Y.Z nor a release tag with prefix '${input.prefix}'`,
    );
  }
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function planPromotionVersion(input: PlanInput): VersionPlan {
  const { environment, requested, previous } = input;
  const tagNames = input.tags.map(t => t.name);

  switch (environment.type) {
    case 'dev': {
      if (requested === null || requested === WIP_VERSION) {
        return { kind: 'wip', version: WIP_VERSION, sha: input.head.sha };
      }
      const tag = existingTag(input, requested);
      if (!tag) throw new UnknownVersionError(requested);
      return existing(input, tag);
    }
    case 'qa': {
      if (requested !== null) {
        // An existing candidate of this entity is redeployed as it is.
        const tag = existingTag(input, requested);
        const parsed = tag && parseReleaseTag(tag.name, input.prefix);
        if (tag && parsed?.isPrerelease) return existing(input, tag);
        if (tag && parsed && input.redeployFinal) return existing(input, tag);
      }
      const version =
        requested === null
          ? input.head.nextVersion
          : newQaVersion(input, requested);
      if (version === null) {
        throw new NothingToPromoteError(
          `Nothing to release on the branch head ${input.head.sha.slice(
            0,
            7,
          )}: no commit since the last release changes the version`,
        );
      }
      // A candidate of this version already on the head is reused, so a
      // retried promotion never stacks a second rc on the same commit.
      const onHead = input.tags
        .filter(t => t.sha === input.head.sha)
        .map(t => parseReleaseTag(t.name, input.prefix))
        .find(
          t =>
            t?.isPrerelease &&
            t.prerelease[0] === 'rc' &&
            `${t.major}.${t.minor}.${t.patch}` === version,
        );
      if (onHead) {
        return {
          kind: 'existing',
          tag: onHead.tag,
          version: onHead.version,
          sha: input.head.sha,
        };
      }
      const tag = nextPrereleaseTag({
        version,
        existingTags: tagNames,
        prefix: input.prefix,
        preid: 'rc',
      });
      return {
        kind: 'create-tag',
        tag,
        version: tag.slice(input.prefix.length),
        sha: input.head.sha,
        fromTag: null,
      };
    }
    case 'staging': {
      const wanted = requested ?? previous?.version ?? null;
      if (wanted === null) {
        throw new NothingToPromoteError(
          `No version given and the environment before ${environment.name} runs nothing`,
        );
      }
      const tag = existingTag(input, wanted);
      if (!tag) throw new UnknownVersionError(wanted);
      return existing(input, tag);
    }
    case 'prod': {
      const wanted = requested ?? previous?.version ?? null;
      if (wanted === null || wanted === WIP_VERSION) {
        throw new NothingToPromoteError(
          `No version given and the environment before ${environment.name} runs no release`,
        );
      }
      const version = coreVersion(input, wanted);
      const final = findTag(input, `${input.prefix}${version}`);
      if (final) return existing(input, final);
      const rc = highestPrerelease({
        version,
        existingTags: tagNames,
        prefix: input.prefix,
        preid: 'rc',
      });
      if (!rc) throw new NoReleaseCandidateError(version, environment.name);
      return {
        kind: 'create-tag',
        tag: `${input.prefix}${version}`,
        version,
        sha: findTag(input, rc.tag)!.sha,
        fromTag: rc.tag,
      };
    }
    default:
      throw new InvalidVersionError(
        String((environment as { type: string }).type),
        'is not an environment type',
      );
  }
}

/**
 * A version qa is asked to cut a candidate of: `X.Y.Z`, without a final
 * tag, not below the newest final release and not above the next version
 * unless the jump is confirmed. Nothing has been written when this throws.
 */
function newQaVersion(input: PlanInput, asked: string): string {
  // `vX.Y.Z` (the entity's tag prefix) names the same version as `X.Y.Z`.
  const requested =
    asked.startsWith(input.prefix) && input.prefix !== ''
      ? asked.slice(input.prefix.length)
      : asked;
  const v = parseSemVer(requested);
  if (!v || v.prerelease.length > 0 || v.build.length > 0) {
    throw new InvalidVersionError(
      asked,
      `is not a version X.Y.Z (qa creates the release candidate tags itself) nor a release candidate tag of this component`,
    );
  }
  if (findTag(input, `${input.prefix}${requested}`)) {
    throw new InvalidVersionError(
      requested,
      `is already released (tag ${input.prefix}${requested}); a release candidate must be of a new version`,
    );
  }
  const newest = latestReleaseTag(
    input.tags.map(t => t.name),
    input.prefix,
  );
  if (
    newest &&
    compareSemVer(requested, newest.version) < 0 &&
    !input.releaseBranch
  ) {
    throw new InvalidVersionError(
      requested,
      `is below the newest release ${newest.version}; fixes of an older version come from its branch release/${requested}`,
    );
  }
  const next = input.head.nextVersion;
  if (
    !input.allowJump &&
    (next === null || compareSemVer(requested, next) > 0)
  ) {
    throw new VersionJumpError(requested, next);
  }
  return requested;
}

function existing(
  input: PlanInput,
  tag: { name: string; sha: string },
): VersionPlan {
  const parsed = parseReleaseTag(tag.name, input.prefix);
  return {
    kind: 'existing',
    tag: tag.name,
    version: parsed ? parsed.version : tag.name,
    sha: tag.sha,
  };
}
