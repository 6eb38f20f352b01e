/*
 * The target of a hotfix read from its pull/merge request: the tag named by
 * the request's `hotfix-to/<tag>` label, for a request that names no
 * `target`. Refusals are InputErrors that ask for the target, an SCM that
 * cannot be asked a ServiceUnavailableError; nothing is written either way.
 */
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  RELEASES_REPO_URL_ANNOTATION,
  parseReleaseTag,
} from '@releases-for-backstage/plugin-releases-common';
import { ScmApiError } from '@releases-for-backstage/plugin-releases-node';
import type { ScmLabelReader } from '../changes/scm';
import type { EntityReleaseSource } from '../releases/ReleaseStateService';

/** Labels naming the release a change is to be hotfixed onto. */
export const HOTFIX_LABEL_PREFIX = 'hotfix-to/';

/** What the hotfix service asks the hosted SCM with. */
export interface HotfixLabelSource {
  reader: ScmLabelReader;
  /** Which hosts have an integration (the reader answers null for the others). */
  integrations: ScmIntegrationRegistry;
}

/** A target as a label named it. */
export interface LabelledTarget {
  /** The tag, with the component's prefix. */
  target: string;
  /** The label as written on the request (`hotfix-to/1.4.0`). */
  label: string;
  /** `#12` */
  request: string;
}

/**
 * The tags the `hotfix-to/` labels name, one per tag. A tag written without
 * the component's prefix (`hotfix-to/1.4.0`) gets it when that makes it a
 * release tag, so that labels need not repeat a prefix.
 */
export function hotfixTargetsOf(
  labels: string[],
  tagPrefix: string,
): Array<{ target: string; labels: string[] }> {
  const byTarget = new Map<string, string[]>();
  for (const label of labels) {
    // GitHub and GitLab treat label names case-insensitively.
    if (
      label.slice(0, HOTFIX_LABEL_PREFIX.length).toLowerCase() !==
      HOTFIX_LABEL_PREFIX
    )
      continue;
    const tag = label.slice(HOTFIX_LABEL_PREFIX.length).trim();
    const target =
      !parseReleaseTag(tag, tagPrefix) &&
      parseReleaseTag(`${tagPrefix}${tag}`, tagPrefix)
        ? `${tagPrefix}${tag}`
        : tag;
    byTarget.set(target, [...(byTarget.get(target) ?? []), label]);
  }
  return [...byTarget].map(([target, named]) => ({ target, labels: named }));
}

/**
 * Reads the target of a hotfix of `change` (as the request named it) from
 * the `hotfix-to/<tag>` label of the pull/merge request that brought `sha`
 * in. Exactly one tag must be named; the tag itself is checked by the
 * caller, as a target given in the request is.
 */
export async function targetFromLabel(
  scm: HotfixLabelSource | undefined,
  source: EntityReleaseSource,
  change: string,
  sha: string,
): Promise<LabelledTarget> {
  const refuse = (why: string) =>
    new InputError(`Invalid request body: change ${change} ${why}`);
  const url = source.repoUrl ?? source.repo;
  if (!/^https?:\/\//.test(url)) {
    throw refuse(
      `has no hotfix-to/<tag> label to read: ${source.entityRef} names no SCM URL of its repository (annotation ${RELEASES_REPO_URL_ANNOTATION}); name the target`,
    );
  }
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    throw refuse(
      `has no hotfix-to/<tag> label to read: the SCM URL '${url}' of ${source.entityRef} is no URL; name the target`,
    );
  }
  const covered =
    scm &&
    (scm.integrations.github.byUrl(url) || scm.integrations.gitlab.byUrl(url));
  if (!scm || !covered) {
    throw refuse(
      `has no hotfix-to/<tag> label to read: no integration under integrations covers ${host}, where ${source.entityRef} is hosted; name the target`,
    );
  }
  let request;
  try {
    request = await scm.reader.findChangeRequest(url, sha);
  } catch (error) {
    if (!(error instanceof ScmApiError)) throw error;
    throw Object.assign(
      new ServiceUnavailableError(
        `The hotfix-to/<tag> label of change ${change} could not be read from ${host}, so no hotfix was cut: ${error.message}; try again, or name the target`,
      ),
      { cause: error },
    );
  }
  if (!request) {
    throw refuse(
      `has no hotfix-to/<tag> label on its pull request (${host} knows no pull request of ${sha.slice(
        0,
        12,
      )} in ${url}): name the target`,
    );
  }
  const id = `#${request.number}`;
  const targets = hotfixTargetsOf(request.labels, source.tagPrefix);
  if (targets.length === 0) {
    throw refuse(
      `has no hotfix-to/<tag> label on its pull request (${id}): name the target`,
    );
  }
  if (targets.length > 1) {
    const named = targets.flatMap(t => t.labels).join(', ');
    throw refuse(
      `has several hotfix-to/<tag> labels on its pull request (${id}): ${named}; name the target`,
    );
  }
  return {
    target: targets[0].target,
    label: targets[0].labels[0],
    request: id,
  };
}
