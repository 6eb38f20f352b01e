/*
 * Where the SCM half of a change's risk labels comes from: the labels on
 * the pull/merge request that brought a commit in.
 */

/** The pull/merge request of a commit, as its host describes it. */
export interface ScmChangeRequest {
  /** GitHub's pull request `number`, GitLab's merge request `iid`. */
  number: number;
  title: string;
  /** Its web page. */
  url: string;
  /** All its labels, risk labels or not (`change:L`, `bug`). */
  labels: string[];
}

/** Finds the pull/merge request of a commit on the repository's host. */
export interface ScmLabelReader {
  /**
   * The request that brought `sha` into the repository at `repoUrl` (a web
   * or HTTPS clone URL), preferring a merged one; null when there is none,
   * when the host does not know the repository or commit, or when no
   * integration covers the URL's host. Throws an ScmApiError when the host
   * cannot be asked (refused credentials, server errors, no answer).
   */
  findChangeRequest(
    repoUrl: string,
    sha: string,
  ): Promise<ScmChangeRequest | null>;
}
