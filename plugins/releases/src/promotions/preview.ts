import {
  WIP_VERSION,
  compareSemVer,
  parseSemVer,
  type EnvironmentStatus,
  type Release,
} from '@releases-for-backstage/plugin-releases-common';
import { deployedSemVer } from '../environments';
import type { ChangeSource } from './changes';

/** What the Promotion tab tells the user before a promotion is requested. */
export interface PromotionPreview {
  /** How the rule of the target environment's type picks a version. */
  rule: string;
  /** Label of the "no version chosen" option. */
  defaultLabel: string;
  /** The version the backend should plan, when it can be foreseen. */
  expected: string | null;
  /** Why the promotion is likely to be refused, if it is. */
  warning: string | null;
  /** The release whose changes the promotion brings, for "What changes". */
  source: ChangeSource | null;
}

export interface PreviewInput {
  target: EnvironmentStatus;
  /** The environment before the target in the promotion order. */
  previous: EnvironmentStatus | undefined;
  /** A release tag the user picked, or null for the default. */
  chosenTag: string | null;
  releases: Release[];
  tagPrefix: string;
  /** Version the unreleased commits of the branch head produce, if known. */
  nextVersion?: string | null;
}

/** Explains the version rule of an environment, by its type. */
export function describeRule(
  target: Pick<EnvironmentStatus, 'environment' | 'type'>,
  previous: Pick<EnvironmentStatus, 'environment'> | undefined,
  tagPrefix = 'v',
): string {
  const name = target.environment;
  const prev = previous?.environment;
  switch (target.type) {
    case 'dev':
      return `${name} runs work in progress: the head of the release branch, deployed as ${WIP_VERSION} without a tag. Pick a tag to run a release instead.`;
    case 'qa':
      return `Promoting into ${name} tags the head of the release branch with the next release candidate, ${tagPrefix}X.Y.Z-rc.N (N counts up per version). Pick an existing tag to deploy it again instead.`;
    case 'staging':
      return prev
        ? `${name} takes what ${prev} runs, or the tag you pick. No tag is created.`
        : `${name} takes the tag you pick. No tag is created.`;
    case 'prod':
      return `${name} takes the highest release candidate of a version X.Y.Z and tags it ${tagPrefix}X.Y.Z (or deploys ${tagPrefix}X.Y.Z if it exists)${
        prev ? `; by default the version ${prev} runs` : ''
      }. A version without a release candidate is refused: promote it through qa first.`;
    default:
      return `${name} has an environment type this page does not know.`;
  }
}

/** Core X.Y.Z of a version or release tag. */
function coreOf(value: string, tagPrefix: string): string | null {
  const version = deployedSemVer(value, tagPrefix);
  const parsed = version ? parseSemVer(version) : null;
  return parsed ? `${parsed.major}.${parsed.minor}.${parsed.patch}` : null;
}

/**
 * What production takes for a version: the final release of its X.Y.Z if
 * it exists, else the highest release candidate of X.Y.Z (tagged final by
 * the promotion).
 */
function prodPlan(
  wanted: string,
  releases: Release[],
  tagPrefix: string,
  environment: string,
): Pick<PromotionPreview, 'expected' | 'warning' | 'source'> {
  const core = coreOf(wanted, tagPrefix);
  if (!core) {
    return {
      expected: null,
      warning: `${wanted} is not a release, which ${environment} cannot take: pick a tag.`,
      source: null,
    };
  }
  const final = releases.find(r => r.version === core);
  if (final) {
    return {
      expected: final.tag,
      warning: null,
      source: { kind: 'tag', tag: final.tag },
    };
  }
  const candidates = releases
    .filter(r => {
      const v = parseSemVer(r.version);
      return (
        v !== null &&
        `${v.major}.${v.minor}.${v.patch}` === core &&
        v.prerelease[0] === 'rc'
      );
    })
    .sort((a, b) => compareSemVer(b.version, a.version));
  if (candidates.length === 0) {
    return {
      expected: null,
      warning: `No release candidate of ${core} is among the tags, so ${environment} is likely to refuse it: promote ${core} through qa first.`,
      source: null,
    };
  }
  return {
    expected: `${tagPrefix}${core} (from ${candidates[0].tag})`,
    warning: null,
    source: { kind: 'tag', tag: candidates[0].tag },
  };
}

/**
 * Foresees a promotion by the rules of the target environment's type; the
 * backend decides, this only explains. Mirrors `planPromotionVersion` of
 * `-common` on the data the page has.
 */
export function previewPromotion(input: PreviewInput): PromotionPreview {
  const { target, previous, chosenTag, releases, tagPrefix } = input;
  const name = target.environment;
  const rule = describeRule(target, previous, tagPrefix);
  const prev = previous?.environment;
  const prevVersion = previous?.version ?? null;

  let defaultLabel: string;
  switch (target.type) {
    case 'dev':
      defaultLabel = `Branch head (${WIP_VERSION})`;
      break;
    case 'qa':
      defaultLabel = input.nextVersion
        ? `Next release candidate of ${input.nextVersion}`
        : 'Next release candidate';
      break;
    default:
      defaultLabel = prev
        ? `What ${prev} runs (${prevVersion ?? 'nothing yet'})`
        : 'Default (pick a tag)';
  }

  if (chosenTag !== null) {
    if (target.type === 'prod') {
      return {
        rule,
        defaultLabel,
        ...prodPlan(chosenTag, releases, tagPrefix, name),
      };
    }
    return {
      rule,
      defaultLabel,
      expected: chosenTag,
      warning: null,
      source: { kind: 'tag', tag: chosenTag },
    };
  }

  switch (target.type) {
    case 'dev':
      return {
        rule,
        defaultLabel,
        expected: WIP_VERSION,
        warning: null,
        source: { kind: 'head' },
      };
    case 'qa':
      return {
        rule,
        defaultLabel,
        expected: input.nextVersion
          ? `${tagPrefix}${input.nextVersion}-rc.N`
          : null,
        warning:
          input.nextVersion === null
            ? `Nothing to release: no commit since the latest release changes the version, so ${name} is likely to refuse. Pick a tag instead.`
            : null,
        source: { kind: 'head' },
      };
    default: {
      let warning: string | null = null;
      if (!prev) warning = `${name} is the first environment: pick a tag.`;
      else if (prevVersion === null)
        warning = `${prev} runs nothing yet: pick a tag.`;
      else if (prevVersion === WIP_VERSION) {
        warning = `${prev} runs a branch head (${WIP_VERSION}), which ${name} cannot take: pick a tag.`;
      }
      if (warning || prevVersion === null) {
        return { rule, defaultLabel, expected: null, warning, source: null };
      }
      if (target.type === 'prod') {
        return {
          rule,
          defaultLabel,
          ...prodPlan(prevVersion, releases, tagPrefix, name),
        };
      }
      return {
        rule,
        defaultLabel,
        expected: prevVersion,
        warning: null,
        source: { kind: 'tag', tag: prevVersion },
      };
    }
  }
}
