import {
  InvalidVersionError,
  NoReleaseCandidateError,
  NothingToPromoteError,
  UnknownVersionError,
  VersionJumpError,
  WIP_VERSION,
  planPromotionVersion,
  type EnvironmentStatus,
  type PlanInput,
  type Release,
  type VersionPlan,
} from '@releases-for-backstage/plugin-releases-common';
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
  /**
   * A qa version above the next version the unreleased commits produce:
   * the backend refuses it unless the jump is confirmed (`allowJump`).
   */
  jump: { version: string; next: string | null } | null;
}

export interface PreviewInput {
  target: EnvironmentStatus;
  /** The environment before the target in the promotion order. */
  previous: EnvironmentStatus | undefined;
  /** A release tag the user picked, or null for the default. */
  chosenTag: string | null;
  releases: Release[];
  tagPrefix: string;
  /**
   * Version the unreleased commits of the branch head produce: null when
   * they release nothing, undefined when it is not known.
   */
  nextVersion?: string | null;
  /** Commit of the branch head, if known. */
  headSha?: string;
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

type Foreseen = Pick<PromotionPreview, 'expected' | 'source'>;

/** What the page shows of a plan of `planPromotionVersion`. */
function present(plan: VersionPlan): Foreseen {
  switch (plan.kind) {
    case 'wip':
      return { expected: WIP_VERSION, source: { kind: 'head' } };
    case 'existing':
      return { expected: plan.tag, source: { kind: 'tag', tag: plan.tag } };
    default:
      // A final release made from a candidate brings that candidate's
      // changes; a new candidate brings the branch head's.
      return plan.fromTag
        ? {
            expected: `${plan.tag} (from ${plan.fromTag})`,
            source: { kind: 'tag', tag: plan.fromTag },
          }
        : { expected: plan.tag, source: { kind: 'head' } };
  }
}

/** Why the backend is likely to refuse, in the words of the page. */
function explain(error: unknown, input: PreviewInput): string {
  const name = input.target.environment;
  const prev = input.previous?.environment;
  if (error instanceof NoReleaseCandidateError) {
    return `No release candidate of ${error.version} is among the tags, so ${name} is likely to refuse it: promote ${error.version} through qa first.`;
  }
  if (
    (error instanceof NothingToPromoteError ||
      error instanceof UnknownVersionError) &&
    input.chosenTag === null &&
    input.target.type !== 'qa'
  ) {
    // The default is what the previous environment runs.
    if (!prev) return `${name} is the first environment: pick a tag.`;
    const prevVersion = input.previous?.version ?? null;
    if (prevVersion === null) return `${prev} runs nothing yet: pick a tag.`;
    if (prevVersion === WIP_VERSION) {
      return `${prev} runs a branch head (${WIP_VERSION}), which ${name} cannot take: pick a tag.`;
    }
  }
  if (error instanceof NothingToPromoteError && input.target.type === 'qa') {
    return `Nothing to release: no commit since the latest release changes the version, so ${name} is likely to refuse. Pick a tag instead.`;
  }
  if (error instanceof UnknownVersionError) {
    return `${error.version} is not among the release tags, so ${name} is likely to refuse it: pick a tag.`;
  }
  if (error instanceof InvalidVersionError && input.target.type === 'prod') {
    return `${error.value} is not a release, which ${name} cannot take: pick a tag.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${message.replace(/\.$/, '')}: ${name} is likely to refuse it.`;
}

/**
 * Foresees a promotion by the rules of the target environment's type,
 * through `planPromotionVersion` of `-common` (the rules the backend
 * applies) on the data the page has: the backend decides, this explains.
 * On top of the plan it adds the presentation: the rule in words, the
 * label of the default choice, why the backend is likely to refuse, and a
 * jump to confirm.
 */
export function previewPromotion(input: PreviewInput): PromotionPreview {
  const { target, previous, chosenTag, releases, tagPrefix } = input;
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
  const base = { rule, defaultLabel };

  // The next version is not known (the unreleased commits could not be
  // read): nothing to foresee of a new candidate.
  if (
    target.type === 'qa' &&
    chosenTag === null &&
    input.nextVersion === undefined
  ) {
    return {
      ...base,
      expected: null,
      warning: null,
      source: { kind: 'head' },
      jump: null,
    };
  }

  const plan: PlanInput = {
    environment: { name: target.environment, type: target.type },
    requested: chosenTag,
    previous: prevVersion
      ? { version: prevVersion, sha: previous?.sha ?? null }
      : null,
    tags: releases.map(r => ({ name: r.tag, sha: r.sha })),
    prefix: tagPrefix,
    head: { sha: input.headSha ?? '', nextVersion: input.nextVersion ?? null },
  };
  try {
    return {
      ...base,
      ...present(planPromotionVersion(plan)),
      warning: null,
      jump: null,
    };
  } catch (error) {
    if (error instanceof VersionJumpError) {
      const { version, next } = error;
      let foreseen: Foreseen = { expected: null, source: { kind: 'head' } };
      try {
        foreseen = present(planPromotionVersion({ ...plan, allowJump: true }));
      } catch {
        // Refused for another reason too: the backend will say which.
      }
      return {
        ...base,
        ...foreseen,
        warning: next
          ? `${version} is above ${next}, the next version of the unreleased commits: promoting it jumps over ${next}. Promote asks you to confirm the jump.`
          : `${version} is a jump: the unreleased commits release nothing. Promote asks you to confirm the jump.`,
        jump: { version, next },
      };
    }
    return {
      ...base,
      expected: null,
      warning: explain(error, input),
      source: null,
      jump: null,
    };
  }
}
