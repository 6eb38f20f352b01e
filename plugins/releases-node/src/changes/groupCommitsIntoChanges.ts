/*
 * From the commits of a range to its changes: a pull/merge request, or a
 * commit that came in without one. Pure: works on the commits `git log`
 * gave, without asking Git again.
 */

/**
 * A commit as `GitRepository.log` returns it (a RawCommit), or the least
 * this module needs: the id, the message (whole, or as subject and body)
 * and, to follow merges, the parents.
 */
export interface ChangeCommit {
  sha: string;
  /** Parent ids; without them a merge holds only its own commit. */
  parents?: string[];
  /** The whole message; read when `subject` is absent. */
  message?: string;
  subject?: string;
  body?: string;
}

/** One change of a range: a pull/merge request or a lone commit. */
export interface Change {
  /** `#12` for a pull/merge request, the full commit sha otherwise. */
  id: string;
  /** The pull request's title, or the commit's subject. */
  title: string;
  /** Commit ids of the change, newest first (in the order they were given). */
  commits: string[];
}

// `Merge pull request #12 from org/branch`, as GitHub writes it.
const GITHUB_MERGE = /^Merge pull request #(\d+) from \S/;
// `feat: add cart (#12)`, as GitHub writes squash and rebase merges.
const SQUASH_SUFFIX = /\(#(\d+)\)\s*$/;
// `See merge request group/proj!12`, GitLab's merge commit trailer.
const GITLAB_TRAILER = /^See merge request (?:\S*?)!(\d+)\s*$/m;

interface Message {
  subject: string;
  body: string;
}

function messageOf(commit: ChangeCommit): Message {
  if (commit.subject !== undefined) {
    return { subject: commit.subject.trim(), body: commit.body ?? '' };
  }
  const text = commit.message ?? '';
  const newline = text.indexOf('\n');
  if (newline < 0) return { subject: text.trim(), body: '' };
  return {
    subject: text.slice(0, newline).trim(),
    body: text.slice(newline + 1),
  };
}

/** First non-blank body line that is not GitLab's trailer: the request's title. */
function bodyTitle(body: string): string | undefined {
  for (const line of body.split('\n')) {
    const t = line.trim();
    if (t && !GITLAB_TRAILER.test(t)) return t;
  }
  return undefined;
}

/**
 * What a commit's message says about its pull/merge request: a merge of it
 * (whose second-parent side belongs to it too) or a commit of it.
 */
function requestOf(
  message: Message,
  hasTwoParents: boolean,
): { number: string; merge: boolean; title: string } | undefined {
  const github = GITHUB_MERGE.exec(message.subject);
  if (github) {
    return {
      number: github[1],
      merge: true,
      title: bodyTitle(message.body) ?? message.subject,
    };
  }
  const squash = SQUASH_SUFFIX.exec(message.subject);
  if (squash) {
    return { number: squash[1], merge: false, title: message.subject };
  }
  const gitlab = GITLAB_TRAILER.exec(message.body);
  if (gitlab) {
    // GitLab's merge commit reads `Merge branch 'x' into 'main'`, its title
    // below; a custom template may say anything, but it has two parents.
    const defaultMerge = /^Merge branch /.test(message.subject);
    return {
      number: gitlab[1],
      merge: hasTwoParents || defaultMerge,
      title: defaultMerge
        ? bodyTitle(message.body) ?? message.subject
        : message.subject,
    };
  }
  return undefined;
}

/**
 * Groups the commits of a range (newest first, as `git log` writes them)
 * into changes:
 *
 * - a GitHub merge commit `Merge pull request #12 from org/branch` is
 *   change `#12`, with the commits it brought in (those reachable from its
 *   second parent and not from its first, within the given commits);
 *   titled by the first line of its body, the pull request's title;
 * - a GitLab merge commit with the trailer `See merge request group/proj!12`
 *   likewise, titled by its body's first line;
 * - a commit whose subject ends with `(#12)` (a squash or rebase merge) or
 *   that carries GitLab's trailer is a commit of `#12`;
 * - any other commit is a change of its own, with its full sha as id.
 *
 * Commits that name the same request (a squash commit and its cherry-pick)
 * make one change. Commits that a merge of no request (`Merge branch 'x'`)
 * brought in stay changes of their own; the merge is one too. Without
 * parents, a merge holds only its own commit. Changes come in the order of
 * their newest commit. Linear in the number of commits.
 */
export function groupCommitsIntoChanges(
  commits: readonly ChangeCommit[],
): Change[] {
  const bySha = new Map<string, ChangeCommit>();
  for (const c of commits) bySha.set(c.sha, c);
  const messages = new Map<string, Message>();
  for (const c of commits) messages.set(c.sha, messageOf(c));

  // Tips: commits no given commit has as parent. Their first-parent chains
  // are the main line; merges on it claim what their other parents bring.
  const hasChild = new Set<string>();
  for (const c of commits) {
    for (const p of c.parents ?? []) if (bySha.has(p)) hasChild.add(p);
  }
  const mainline = new Set<string>();
  const chains: string[][] = [];
  for (const tip of commits) {
    if (hasChild.has(tip.sha) || mainline.has(tip.sha)) continue;
    const chain: string[] = [];
    let at: ChangeCommit | undefined = tip;
    while (at && !mainline.has(at.sha)) {
      mainline.add(at.sha);
      chain.push(at.sha);
      const first: string | undefined = at.parents?.[0];
      at = first === undefined ? undefined : bySha.get(first);
    }
    chains.push(chain);
  }

  // Oldest first, so that what an older merge claimed (reachable from a
  // newer merge's first parent) is not claimed again by the newer one.
  const claimedBy = new Map<string, string>();
  for (const chain of chains) {
    for (let i = chain.length - 1; i >= 0; i--) {
      const merge = bySha.get(chain[i])!;
      const stack = (merge.parents ?? []).slice(1);
      while (stack.length > 0) {
        const sha = stack.pop()!;
        const c = bySha.get(sha);
        if (!c || mainline.has(sha) || claimedBy.has(sha)) continue;
        claimedBy.set(sha, merge.sha);
        stack.push(...(c.parents ?? []));
      }
    }
  }

  const changes = new Map<string, Change & { fromMerge: boolean }>();
  const add = (id: string, title: string, sha: string, fromMerge: boolean) => {
    const known = changes.get(id);
    if (!known) {
      changes.set(id, { id, title, commits: [sha], fromMerge });
      return;
    }
    known.commits.push(sha);
    // A merge's title is the request's own; a squash subject may be edited.
    if (fromMerge && !known.fromMerge) {
      known.title = title;
      known.fromMerge = true;
    }
  };
  for (const c of commits) {
    const merge = claimedBy.get(c.sha);
    const mergeRequest =
      merge === undefined ? undefined : requestOf(messages.get(merge)!, true);
    if (mergeRequest?.merge) {
      add(`#${mergeRequest.number}`, mergeRequest.title, c.sha, true);
      continue;
    }
    const own = requestOf(messages.get(c.sha)!, (c.parents?.length ?? 0) > 1);
    if (own) add(`#${own.number}`, own.title, c.sha, own.merge);
    else add(c.sha, messages.get(c.sha)!.subject, c.sha, false);
  }
  return [...changes.values()].map(({ id, title, commits: shas }) => ({
    id,
    title,
    commits: shas,
  }));
}
