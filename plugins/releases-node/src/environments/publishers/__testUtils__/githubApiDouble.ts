import { http, HttpResponse, type HttpHandler } from 'msw';
import {
  answer,
  bareRepository,
  recordRequest,
  type RecordedRequest,
} from './hostDouble';

export type { RecordedRequest } from './hostDouble';

/** A pull request as the double keeps it. */
export interface DoublePullRequest {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
  merged: boolean;
}

export interface GithubApiDoubleOptions {
  /** e.g. https://github.test/api/v3 */
  apiBaseUrl: string;
  /** e.g. https://github.test, for `html_url`. */
  webBaseUrl: string;
  owner: string;
  repo: string;
  /** The bare repository that stands for the repository on GitHub. */
  bareDir: string;
  /** The only token the double accepts. */
  token: string;
}

/**
 * An HTTP double of the part of GitHub's REST API the pull request
 * publisher uses, for msw's `setupServer`. It keeps real state: pull
 * requests live in memory, branches in a bare Git repository the code under
 * test pushes to, and a merge is a real merge commit (`commit-tree` of the
 * head's tree with the base tip and the head as parents) moved onto the base
 * with a compare-and-set `update-ref`.
 *
 * How real it is: merging answers 409 when `sha` is not the pull request's
 * head (as GitHub does), and 405 when the head does not contain the base's
 * tip - GitHub's answer on a protected branch that requires branches to be
 * up to date before merging. A plain GitHub repository would instead try a
 * three-way merge; the publisher never relies on that, because it checks the
 * base tip itself before it merges.
 */
export function createGithubApiDouble(options: GithubApiDoubleOptions) {
  const pulls: DoublePullRequest[] = [];
  const requests: RecordedRequest[] = [];
  const hooks: {
    /** Runs after a pull request was opened, before the answer. */
    afterOpen?: (pr: DoublePullRequest) => void | Promise<void>;
    /** Runs when a merge is asked for, before anything is checked. */
    beforeMerge?: (pr: DoublePullRequest) => void | Promise<void>;
    /** When set, every merge is refused with 405 and this message (a branch rule). */
    refuseMerge?: string;
  } = {};
  const repoBase = `${options.apiBaseUrl}/repos/:owner/:repo`;

  const { git, tip, contains, mergeInto } = bareRepository(options.bareDir, {
    name: 'GitHub',
    email: 'noreply@github.test',
  });

  function toJson(pr: DoublePullRequest) {
    return {
      number: pr.number,
      html_url: `${options.webBaseUrl}/${options.owner}/${options.repo}/pull/${pr.number}`,
      title: pr.title,
      body: pr.body,
      state: pr.state,
      merged: pr.merged,
      // On GitHub the pull request follows its head branch.
      head: { ref: pr.head, sha: tip(pr.head) },
      base: { ref: pr.base, sha: tip(pr.base) },
    };
  }

  /** Records the request, checks token and repository; an error answer or null. */
  async function admit(
    request: Request,
    params: Record<string, string | readonly string[] | undefined>,
  ): Promise<{ record: RecordedRequest; refusal: Response | null }> {
    const record = await recordRequest(request, options.apiBaseUrl);
    requests.push(record);
    let refusal: Response | null = null;
    if (request.headers.get('authorization') !== `Bearer ${options.token}`) {
      refusal = HttpResponse.json(
        {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
        },
        { status: 401 },
      );
    } else if (params.owner !== options.owner || params.repo !== options.repo) {
      refusal = HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    }
    return { record, refusal };
  }

  const handlers: HttpHandler[] = [
    http.get(`${repoBase}/pulls`, async ({ request, params }) => {
      const { record, refusal } = await admit(request, params);
      if (refusal) return answer(record, refusal);
      const query = new URL(request.url).searchParams;
      const head = query.get('head');
      const base = query.get('base');
      const state = query.get('state') ?? 'open';
      const found = pulls.filter(
        pr =>
          (!head || `${options.owner}:${pr.head}` === head) &&
          (!base || pr.base === base) &&
          (state === 'all' || pr.state === state),
      );
      return answer(record, HttpResponse.json(found.map(toJson)));
    }),

    http.post(`${repoBase}/pulls`, async ({ request, params }) => {
      const { record, refusal } = await admit(request, params);
      if (refusal) return answer(record, refusal);
      const { title, head, base, body } = record.body ?? {};
      const invalid = (field: string) =>
        HttpResponse.json(
          {
            message: 'Validation Failed',
            errors: [{ resource: 'PullRequest', field, code: 'invalid' }],
          },
          { status: 422 },
        );
      if (typeof title !== 'string' || !title)
        return answer(record, invalid('title'));
      if (typeof head !== 'string' || !tip(head))
        return answer(record, invalid('head'));
      if (typeof base !== 'string' || !tip(base))
        return answer(record, invalid('base'));
      if (
        pulls.some(
          pr => pr.head === head && pr.base === base && pr.state === 'open',
        )
      ) {
        return answer(
          record,
          HttpResponse.json(
            {
              message: 'Validation Failed',
              errors: [
                {
                  resource: 'PullRequest',
                  code: 'custom',
                  message: `A pull request already exists for ${options.owner}:${head}.`,
                },
              ],
            },
            { status: 422 },
          ),
        );
      }
      const pr: DoublePullRequest = {
        number: pulls.length + 1,
        title,
        body: typeof body === 'string' ? body : '',
        head,
        base,
        state: 'open',
        merged: false,
      };
      pulls.push(pr);
      await hooks.afterOpen?.(pr);
      return answer(record, HttpResponse.json(toJson(pr), { status: 201 }));
    }),

    http.patch(`${repoBase}/pulls/:number`, async ({ request, params }) => {
      const { record, refusal } = await admit(request, params);
      if (refusal) return answer(record, refusal);
      const pr = pulls.find(p => p.number === Number(params.number));
      if (!pr)
        return answer(
          record,
          HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
        );
      if (record.body?.state === 'closed' || record.body?.state === 'open')
        pr.state = record.body.state;
      return answer(record, HttpResponse.json(toJson(pr)));
    }),

    http.put(`${repoBase}/pulls/:number/merge`, async ({ request, params }) => {
      const { record, refusal } = await admit(request, params);
      if (refusal) return answer(record, refusal);
      const pr = pulls.find(p => p.number === Number(params.number));
      if (!pr)
        return answer(
          record,
          HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
        );
      await hooks.beforeMerge?.(pr);
      const notMergeable = (message: string) =>
        HttpResponse.json({ message }, { status: 405 });
      if (pr.state !== 'open')
        return answer(record, notMergeable('Pull Request is not mergeable'));
      if (hooks.refuseMerge)
        return answer(record, notMergeable(hooks.refuseMerge));
      const headSha = tip(pr.head);
      const baseSha = tip(pr.base);
      if (!headSha || !baseSha)
        return answer(record, notMergeable('Pull Request is not mergeable'));
      if (record.body?.sha && record.body.sha !== headSha) {
        return answer(
          record,
          HttpResponse.json(
            {
              message:
                'Head branch was modified. Review and try the merge again.',
            },
            { status: 409 },
          ),
        );
      }
      const merge = contains(headSha, baseSha)
        ? mergeInto(
            pr.base,
            baseSha,
            headSha,
            `Merge pull request #${pr.number} from ${options.owner}/${pr.head}\n\n${pr.title}`,
          )
        : null;
      if (!merge)
        return answer(
          record,
          notMergeable(
            'Base branch was modified. Review and try the merge again.',
          ),
        );
      pr.state = 'closed';
      pr.merged = true;
      return answer(
        record,
        HttpResponse.json({
          sha: merge,
          merged: true,
          message: 'Pull Request successfully merged',
        }),
      );
    }),

    http.delete(`${repoBase}/git/refs/heads/*`, async ({ request, params }) => {
      const { record, refusal } = await admit(request, params);
      if (refusal) return answer(record, refusal);
      const prefix = `/repos/${options.owner}/${options.repo}/git/refs/heads/`;
      const branch = decodeURIComponent(record.path.slice(prefix.length));
      if (!tip(branch)) {
        return answer(
          record,
          HttpResponse.json(
            { message: 'Reference does not exist' },
            { status: 422 },
          ),
        );
      }
      git('update-ref', '-d', `refs/heads/${branch}`);
      return answer(record, new HttpResponse(null, { status: 204 }));
    }),
  ];

  return {
    handlers,
    pulls,
    requests,
    hooks,
    /** Tip of a branch of the "GitHub" repository, or null. */
    tip,
    /** Runs git in the bare repository. */
    git,
    /** Opens a pull request without a request, as an earlier process did. */
    openPullRequest(pr: {
      title: string;
      body?: string;
      head: string;
      base: string;
    }): DoublePullRequest {
      const created: DoublePullRequest = {
        number: pulls.length + 1,
        body: '',
        ...pr,
        state: 'open',
        merged: false,
      };
      pulls.push(created);
      return created;
    },
  };
}

export type GithubApiDouble = ReturnType<typeof createGithubApiDouble>;
