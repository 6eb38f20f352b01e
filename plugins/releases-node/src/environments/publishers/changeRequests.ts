import { isValidRefName } from '@releases-for-backstage/plugin-releases-common';
import { InvalidRevisionError } from '../../git/errors';
import type { GitRepository } from '../../git/GitRepository';
import {
  EnvironmentBranchBusyError,
  type EnvironmentBranchUpdate,
  type EnvironmentCommit,
} from '../EnvironmentBranchPublisher';
import {
  deleteLocalBranch,
  fetchBranch,
  pushBranch,
  remoteTips,
  sameCommitButDates,
} from './remoteBranches';

// What the publishers that write through a host's review flow share: a
// GitHub pull request and a GitLab merge request are both a "change
// request" here. The host-specific part is a ChangeRequestApi; the attempt
// loop, which never touches the environment branch but to create it, is
// publishThroughChangeRequest.

/** A pull or merge request, as the loop keeps it. */
export interface ChangeRequest {
  /** The number that names it in the host's API (GitHub `number`, GitLab `iid`). */
  id: number;
  /** Its web page. */
  url: string;
}

export type ChangeRequestMerge =
  | {
      merged: true;
      /** The commit the base branch now points to. */
      sha: string;
    }
  | {
      merged: false;
      /** The host's refusal; thrown when it stays although nothing moved. */
      error: Error;
    };

/**
 * One write's view of a host's pull or merge requests, with the token asked
 * for that write. Answers the loop cannot go on from are thrown.
 */
export interface ChangeRequestApi {
  /** The open request from `head` into `base`, if there is one. */
  find(head: string, base: string): Promise<ChangeRequest | undefined>;
  /** Opens one; one opened by someone else meanwhile is found instead. */
  open(options: {
    head: string;
    base: string;
    title: string;
    description: string;
  }): Promise<ChangeRequest>;
  /**
   * Merges the request only while its head is `sha`. A refusal the host
   * may lift (the base or head moved, mergeability not worked out yet, a
   * rule) is returned, not thrown.
   */
  merge(request: ChangeRequest, sha: string): Promise<ChangeRequestMerge>;
  /** Closes the request unmerged. */
  close(request: ChangeRequest): Promise<void>;
  /** After a merge: removes the head branch, best effort, where the host does not. */
  afterMerge?(head: string): Promise<void>;
}

/** The head branch of a promotion's pull or merge request: owned by this tool, one per promotion and environment. */
export function pullRequestBranch(
  promotionId: string | null,
  environment: string,
): string {
  if (!promotionId) {
    throw new InvalidRevisionError(
      `releases/promotion-?-${environment}`,
      'a pull or merge request needs a promotion id to name its head branch',
    );
  }
  const name = `releases/promotion-${promotionId}-${environment}`;
  if (!isValidRefName(name)) {
    throw new InvalidRevisionError(
      name,
      "not a valid Git branch name (see 'git check-ref-format')",
    );
  }
  return name;
}

/**
 * Writes an environment branch through a pull or merge request. Each
 * attempt pushes the prepared commit (built on the branch's current tip) to
 * the head branch `releases/promotion-<id>-<env>`, opens the request once,
 * and merges it at the commit it pushed. When the base moved, or the head
 * did, the commit is rebuilt on the new tip and pushed again; a refusal
 * although nothing moved is waited out. All of it a bounded number of
 * times. The environment branch is never pushed to, let alone forced,
 * except to create it.
 *
 * Idempotent per promotion: a retry finds the open request by its head
 * branch instead of opening another, and does nothing when the tip already
 * records the change. Giving up closes the request and deletes the head
 * branch, so nothing is left that could be merged by hand later.
 */
export async function publishThroughChangeRequest(
  update: EnvironmentBranchUpdate,
  api: ChangeRequestApi,
  options: { maxAttempts?: number; retryDelayMs?: number } = {},
): Promise<EnvironmentCommit> {
  const { repo, branch: base } = update;
  const head = pullRequestBranch(update.promotionId, update.environment);
  const attempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  // Asked before anything is pushed, so bad credentials leave no trace;
  // finds the request of an earlier run cut off by a crash.
  let request = await api.find(head, base);
  let refusal: Error | undefined;
  try {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      refusal = undefined;
      const tips = await remoteTips(repo, [base, head]);
      const baseTip = tips.get(base) ?? null;
      const headTip = tips.get(head) ?? null;
      if (baseTip) await fetchBranch(repo, base);
      else await deleteLocalBranch(repo, base);
      const prepared = await update.prepare();
      if (prepared.kind === 'unchanged') {
        // An earlier run recorded it; anything it left open is of no use.
        await cleanUp(api, repo, head, request);
        return { sha: prepared.tip, created: false };
      }
      // Another write in this process moved the local branch meanwhile.
      if (prepared.parent !== baseTip) continue;
      if (prepared.parent === null) {
        // A request needs a base branch: a new environment's first record
        // creates it, which cannot overwrite anything.
        if (
          !(await pushBranch(repo, {
            branch: base,
            sha: prepared.sha,
            lease: { expected: null },
          }))
        )
          continue;
        await fetchBranch(repo, base);
        return { sha: prepared.sha, created: true };
      }
      // The head already holds this change on this tip when an earlier
      // attempt pushed it: keep that commit rather than push one differing
      // only in its date, which would send the host working out
      // mergeability again (and make a refusal never wait out).
      const sha =
        headTip && (await sameCommitButDates(repo, headTip, prepared.sha))
          ? headTip
          : prepared.sha;
      // The head branch is named for this promotion, so what it holds came
      // from an earlier attempt of this same write and may be replaced.
      // Replaced rather than deleted and pushed again: deleting the head of
      // an open pull request closes it on GitHub. The lease on the tip just
      // read still keeps two workers from silently overwriting each other.
      if (
        sha !== headTip &&
        !(await pushBranch(repo, {
          branch: head,
          sha,
          lease: { expected: headTip },
        }))
      ) {
        continue;
      }
      request ??= await api.open({
        head,
        base,
        ...splitMessage(update.message),
      });
      // The host would merge onto a moved base with a textual three-way
      // merge of environment.yaml; rebuilding on the new tip keeps the file ours.
      if ((await remoteTips(repo, [base])).get(base) !== prepared.parent)
        continue;
      const merge = await api.merge(request, sha);
      if (merge.merged) {
        await fetchBranch(repo, base);
        await api.afterMerge?.(head);
        return { sha: merge.sha, created: true, pullRequestUrl: request.url };
      }
      // Refused. A moved base is rebuilt on, a moved head pushed again.
      const now = await remoteTips(repo, [base, head]);
      if (now.get(base) === prepared.parent && now.get(head) === sha) {
        // Refused although nothing moved: a branch rule, or the host not
        // done working out mergeability or taking in the push. Wait, and
        // name it if it stays.
        refusal = merge.error;
        if (attempt < attempts) await delay(retryDelayMs);
      }
    }
  } catch (error) {
    await cleanUp(api, repo, head, request);
    throw error;
  }
  await cleanUp(api, repo, head, request);
  throw refusal ?? new EnvironmentBranchBusyError(base, attempts);
}

/**
 * Closes the request and deletes the head branch (through Git, which works
 * even when the API refused the token, and with a lease on the tip it read).
 * Best effort: the error that got us here says more than one from cleaning up.
 */
async function cleanUp(
  api: ChangeRequestApi,
  repo: GitRepository,
  head: string,
  request: ChangeRequest | undefined,
): Promise<void> {
  // Closed first: on GitLab a request whose head branch is gone stays open.
  if (request) await api.close(request).catch(() => undefined);
  try {
    const tip = (await remoteTips(repo, [head])).get(head);
    if (tip)
      await pushBranch(repo, {
        branch: head,
        sha: null,
        lease: { expected: tip },
      });
  } catch {
    // See above: best effort.
  }
}

/** A commit message as a request's title (its first line) and description (the rest). */
function splitMessage(message: string): { title: string; description: string } {
  const [title, ...rest] = message.split('\n');
  return { title, description: rest.join('\n').trim() };
}

function delay(ms: number): Promise<void> {
  return ms > 0
    ? new Promise(resolve => setTimeout(resolve, ms))
    : Promise.resolve();
}

/**
 * Sends a JSON request and reads a JSON answer; `data` is undefined when the
 * body is empty or not JSON (a proxy's error page: the status tells). A
 * network failure is thrown as fetch threw it.
 */
export async function sendJson(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: unknown },
): Promise<{ status: number; data: any }> {
  const headers = { ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method: options.method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let data: any;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  return { status: response.status, data };
}
