import { http, HttpResponse, type HttpHandler } from 'msw';
import {
  answer,
  bareRepository,
  recordRequest,
  type RecordedRequest,
} from './hostDouble';

/** A merge request as the double keeps it. */
export interface DoubleMergeRequest {
  iid: number;
  title: string;
  description: string;
  source_branch: string;
  target_branch: string;
  state: 'opened' | 'closed' | 'merged';
  remove_source_branch: boolean;
  merge_commit_sha: string | null;
}

export interface GitlabApiDoubleOptions {
  /** e.g. https://gitlab.test/api/v4 */
  apiBaseUrl: string;
  /** e.g. https://gitlab.test, for `web_url`. */
  webBaseUrl: string;
  /** Path of the project, with its groups: `shop/environments`, `shop/platform/environments`. */
  project: string;
  /** The bare repository that stands for the project's repository on GitLab. */
  bareDir: string;
  /** The only token the double accepts, as `PRIVATE-TOKEN`. */
  token: string;
}

/**
 * An HTTP double of the part of GitLab's REST API (v4) the merge request
 * publisher uses, for msw's `setupServer`. It keeps real state: merge
 * requests live in memory, branches in a bare Git repository the code
 * under test pushes to, and a merge is a real merge commit (`commit-tree`
 * of the source's tree with the target tip and the source as parents) moved
 * onto the target branch with a compare-and-set `update-ref`.
 *
 * How real it is: the project is addressed by its URL-encoded path (an
 * unencoded path does not match a route, and msw fails the test); a merge
 * answers 409 when `sha` is not the source branch's head, 405 when the merge
 * request is not open or a rule refuses (`hooks.refuseMerge`), 422 while
 * mergeability is "still being checked" (`hooks.checking`), and 406 when the
 * source does not contain the target's tip - GitLab's answer under
 * fast-forward or semi-linear merge methods, or on conflicts. A project
 * with plain merge commits would instead merge a moved target; the
 * publisher never relies on that, because it checks the tip itself before
 * it merges. GitLab removes the source branch after a merge asking for it
 * in the background; the double does it at once.
 */
export function createGitlabApiDouble(options: GitlabApiDoubleOptions) {
  const mergeRequests: DoubleMergeRequest[] = [];
  const requests: RecordedRequest[] = [];
  const hooks: {
    /** Runs when a merge request is asked for, before anything is checked. */
    beforeCreate?: () => void | Promise<void>;
    /** Runs after a merge request was opened, before the answer. */
    afterOpen?: (mr: DoubleMergeRequest) => void | Promise<void>;
    /** Runs when a merge is asked for, before anything is checked. */
    beforeMerge?: (mr: DoubleMergeRequest) => void | Promise<void>;
    /** Merges answered 422, still being checked, before one goes through. */
    checking?: number;
    /** When set, every merge is refused with 405 (approvals, pipelines: GitLab gives no detail). */
    refuseMerge?: boolean;
    /** The project's merge method is fast-forward: no merge commit, `merge_commit_sha` null. */
    fastForward?: boolean;
  } = {};
  const projectBase = `${options.apiBaseUrl}/projects/:id`;
  const { git, tip, contains, mergeInto } = bareRepository(options.bareDir, {
    name: 'GitLab',
    email: 'gitlab@gitlab.test',
  });

  function fastForward(
    branch: string,
    from: string,
    to: string,
  ): string | null {
    try {
      git('update-ref', `refs/heads/${branch}`, to, from);
      return to;
    } catch {
      return null;
    }
  }

  function toJson(mr: DoubleMergeRequest) {
    return {
      id: 1000 + mr.iid,
      iid: mr.iid,
      project_id: 42,
      title: mr.title,
      description: mr.description,
      state: mr.state,
      source_branch: mr.source_branch,
      target_branch: mr.target_branch,
      // On GitLab the merge request follows its source branch while open.
      sha: tip(mr.source_branch),
      merge_commit_sha: mr.merge_commit_sha,
      squash_commit_sha: null,
      force_remove_source_branch: mr.remove_source_branch,
      web_url: `${options.webBaseUrl}/${options.project}/-/merge_requests/${mr.iid}`,
    };
  }

  const error = (status: number, message: unknown) =>
    HttpResponse.json({ message }, { status });

  /** Records the request, checks token and project; an error answer or null. */
  async function admit(
    request: Request,
    params: Record<string, string | readonly string[] | undefined>,
  ): Promise<{ record: RecordedRequest; refusal: Response | null }> {
    const record = await recordRequest(request, options.apiBaseUrl);
    requests.push(record);
    let refusal: Response | null = null;
    if (request.headers.get('private-token') !== options.token) {
      refusal = error(401, '401 Unauthorized');
    } else if (params.id !== options.project) {
      // msw hands the `:id` segment over decoded.
      refusal = error(404, '404 Project Not Found');
    }
    return { record, refusal };
  }

  function find(iid: unknown): DoubleMergeRequest | undefined {
    return mergeRequests.find(mr => mr.iid === Number(iid));
  }

  function create(mr: {
    title: string;
    description?: string;
    source_branch: string;
    target_branch: string;
    remove_source_branch?: boolean;
  }) {
    const created: DoubleMergeRequest = {
      iid: mergeRequests.length + 1,
      description: '',
      remove_source_branch: false,
      ...mr,
      state: 'opened',
      merge_commit_sha: null,
    };
    mergeRequests.push(created);
    return created;
  }

  const handlers: HttpHandler[] = [
    http.get(`${projectBase}/merge_requests`, async ({ request, params }) => {
      const { record, refusal } = await admit(request, params);
      if (refusal) return answer(record, refusal);
      const query = new URL(request.url).searchParams;
      const source = query.get('source_branch');
      const target = query.get('target_branch');
      const state = query.get('state') ?? 'all';
      const found = mergeRequests.filter(
        mr =>
          (!source || mr.source_branch === source) &&
          (!target || mr.target_branch === target) &&
          (state === 'all' || mr.state === state),
      );
      return answer(record, HttpResponse.json(found.map(toJson)));
    }),

    http.post(`${projectBase}/merge_requests`, async ({ request, params }) => {
      const { record, refusal } = await admit(request, params);
      if (refusal) return answer(record, refusal);
      await hooks.beforeCreate?.();
      const {
        title,
        source_branch,
        target_branch,
        description,
        remove_source_branch,
      } = record.body ?? {};
      if (typeof title !== 'string' || !title)
        return answer(record, error(400, { title: ["can't be blank"] }));
      if (typeof source_branch !== 'string' || !tip(source_branch)) {
        return answer(
          record,
          error(422, [`Source branch "${source_branch}" does not exist`]),
        );
      }
      if (typeof target_branch !== 'string' || !tip(target_branch)) {
        return answer(
          record,
          error(422, [`Target branch "${target_branch}" does not exist`]),
        );
      }
      const existing = mergeRequests.find(
        mr =>
          mr.source_branch === source_branch &&
          mr.target_branch === target_branch &&
          mr.state === 'opened',
      );
      if (existing) {
        return answer(
          record,
          error(409, [
            `Another open merge request already exists for this source branch: !${existing.iid}`,
          ]),
        );
      }
      const mr = create({
        title,
        description: typeof description === 'string' ? description : '',
        source_branch,
        target_branch,
        remove_source_branch: remove_source_branch === true,
      });
      await hooks.afterOpen?.(mr);
      return answer(record, HttpResponse.json(toJson(mr), { status: 201 }));
    }),

    http.put(
      `${projectBase}/merge_requests/:iid/merge`,
      async ({ request, params }) => {
        const { record, refusal } = await admit(request, params);
        if (refusal) return answer(record, refusal);
        const mr = find(params.iid);
        if (!mr) return answer(record, error(404, '404 Not found'));
        await hooks.beforeMerge?.(mr);
        if (mr.state !== 'opened' || hooks.refuseMerge)
          return answer(record, error(405, '405 Method Not Allowed'));
        if (hooks.checking) {
          hooks.checking--;
          return answer(record, error(422, 'Branch cannot be merged'));
        }
        const headSha = tip(mr.source_branch);
        const baseSha = tip(mr.target_branch);
        if (!headSha || !baseSha)
          return answer(record, error(406, 'Branch cannot be merged'));
        if (record.body?.sha && record.body.sha !== headSha) {
          return answer(
            record,
            error(409, `SHA does not match HEAD of source branch: ${headSha}`),
          );
        }
        let merge: string | null = null;
        if (contains(headSha, baseSha)) {
          merge = hooks.fastForward
            ? fastForward(mr.target_branch, baseSha, headSha)
            : mergeInto(
                mr.target_branch,
                baseSha,
                headSha,
                `Merge branch '${mr.source_branch}' into '${mr.target_branch}'\n\n${mr.title}\n\nSee merge request ${options.project}!${mr.iid}`,
              );
        }
        if (!merge)
          return answer(record, error(406, 'Branch cannot be merged'));
        mr.state = 'merged';
        mr.merge_commit_sha = hooks.fastForward ? null : merge;
        if (
          record.body?.should_remove_source_branch === true ||
          mr.remove_source_branch
        ) {
          git('update-ref', '-d', `refs/heads/${mr.source_branch}`);
        }
        return answer(record, HttpResponse.json(toJson(mr)));
      },
    ),

    http.put(
      `${projectBase}/merge_requests/:iid`,
      async ({ request, params }) => {
        const { record, refusal } = await admit(request, params);
        if (refusal) return answer(record, refusal);
        const mr = find(params.iid);
        if (!mr) return answer(record, error(404, '404 Not found'));
        const event = record.body?.state_event;
        if (event === 'close' && mr.state === 'opened') mr.state = 'closed';
        if (event === 'reopen' && mr.state === 'closed') mr.state = 'opened';
        return answer(record, HttpResponse.json(toJson(mr)));
      },
    ),
  ];

  return {
    handlers,
    mergeRequests,
    requests,
    hooks,
    /** Tip of a branch of the "GitLab" repository, or null. */
    tip,
    /** Runs git in the bare repository. */
    git,
    /** Opens a merge request without a request, as an earlier process (or a person) did. */
    openMergeRequest(mr: {
      title: string;
      description?: string;
      source_branch: string;
      target_branch: string;
    }) {
      return create(mr);
    },
  };
}

export type GitlabApiDouble = ReturnType<typeof createGitlabApiDouble>;
