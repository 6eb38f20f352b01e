import { execFileSync } from 'node:child_process';

// What the GitHub and GitLab doubles share: the bare repository that stands
// for the hosted one, and the log of the requests they answered.

export interface RecordedRequest {
  method: string;
  /** Path and query below the API base URL, as sent (still URL-encoded). */
  path: string;
  headers: Record<string, string>;
  body: any;
  /** Status the double answered with. */
  status: number;
}

/** Reads and records a request to `apiBaseUrl`; `status` is set by `answer`. */
export async function recordRequest(
  request: Request,
  apiBaseUrl: string,
): Promise<RecordedRequest> {
  const text = await request.text();
  return {
    method: request.method,
    path: new URL(request.url).href.slice(apiBaseUrl.length),
    headers: Object.fromEntries(request.headers.entries()),
    body: text ? JSON.parse(text) : undefined,
    status: 0,
  };
}

export function answer(record: RecordedRequest, response: Response): Response {
  record.status = response.status;
  return response;
}

/** Git in the bare repository of a host double, committing as the host. */
export function bareRepository(
  bareDir: string,
  committer: { name: string; email: string },
) {
  function git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: bareDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: committer.name,
        GIT_AUTHOR_EMAIL: committer.email,
        GIT_COMMITTER_NAME: committer.name,
        GIT_COMMITTER_EMAIL: committer.email,
      },
    }).trim();
  }

  /** Tip of a branch, or null. */
  function tip(branch: string): string | null {
    try {
      return git(
        'rev-parse',
        '--verify',
        '--quiet',
        `refs/heads/${branch}^{commit}`,
      );
    } catch {
      return null;
    }
  }

  /** Whether `ancestor` is `descendant` or one of its ancestors. */
  function contains(descendant: string, ancestor: string): boolean {
    try {
      git('merge-base', '--is-ancestor', ancestor, descendant);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A merge commit of `head` into `base` (the head's tree, both as parents)
   * moved onto `base` with a compare-and-set update; null when the base
   * moved meanwhile.
   */
  function mergeInto(
    base: string,
    baseSha: string,
    headSha: string,
    message: string,
  ): string | null {
    const tree = git('rev-parse', `${headSha}^{tree}`);
    const merge = git(
      'commit-tree',
      tree,
      '-p',
      baseSha,
      '-p',
      headSha,
      '-m',
      message,
    );
    try {
      git('update-ref', `refs/heads/${base}`, merge, baseSha);
      return merge;
    } catch {
      return null;
    }
  }

  return { git, tip, contains, mergeInto };
}
