// Over 400 lines: The publisher's cases (open, merge, retry on a moved branch, give up, resume after a crash) against one GitHub double; kept in one file so they share it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { parse } from 'yaml';
import { RepositoryLocator } from '../../git/RepositoryLocator';
import {
  InvalidRevisionError,
  RepositoryNotFoundError,
} from '../../git/errors';
import { EnvironmentBranchBusyError } from '../EnvironmentBranchPublisher';
import { EnvironmentRepository } from '../EnvironmentRepository';
import { GithubApiError } from './GithubApiError';
import {
  GithubPullRequestPublisher,
  parseGithubRepositoryUrl,
  pullRequestBranch,
} from './GithubPullRequestPublisher';
import {
  createGithubApiDouble,
  type GithubApiDouble,
} from './__testUtils__/githubApiDouble';

// Real git processes: slow on a loaded CI machine, never a timing assertion.
jest.setTimeout(60_000);

const API = 'https://github.test/api/v3';
const TOKEN = 'ghs_test-token';
const qa = {
  name: 'qa',
  type: 'qa' as const,
  description: 'Release candidates',
};
const author = { name: 'Releases', email: 'releases@example.com' };
const HEAD = 'releases/promotion-p1-qa';

function deployment(version: string, promotion: string) {
  return {
    version,
    commit: 'a'.repeat(40),
    appRepo: '../cart',
    updatedAt: '2026-11-01T00:00:00.000Z',
    updatedBy: 'user:default/ann',
    promotion,
  };
}

const promoteCart = {
  env: qa,
  component: 'cart',
  deployment: deployment('v1.0.0-rc.1', 'p1'),
  message:
    'promote(cart): v1.0.0-rc.1 to qa\n\nPromotion-Id: p1\nActor: user:default/ann\n',
  author,
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('GithubPullRequestPublisher', () => {
  let root: string;
  let bareDir: string;
  let github: GithubApiDouble;
  let seededTip: string;

  /** Another writer that pushes straight to the "GitHub" repository, from its own clone. */
  async function otherWriter(): Promise<EnvironmentRepository> {
    const dir = mkdtempSync(join(root, 'other-'));
    const repo = await new RepositoryLocator({ cacheDir: dir }).open(
      `file://${bareDir}`,
    );
    return new EnvironmentRepository(repo, { remote: true });
  }

  async function landCheckout(version: string) {
    const other = await otherWriter();
    await other.writeDeployment({
      env: qa,
      component: 'checkout',
      deployment: deployment(version, `other-${version}`),
      message: `promote(checkout): ${version} to qa`,
      author,
    });
  }

  /** The environment repository as the backend has it: a cached clone writing through a pull request. */
  async function open(options: { token?: string; maxAttempts?: number } = {}) {
    const repo = await new RepositoryLocator({
      cacheDir: join(root, 'cache'),
    }).open(`file://${bareDir}`);
    const publisher = new GithubPullRequestPublisher({
      owner: 'shop',
      repo: 'environments',
      apiBaseUrl: API,
      getToken: async () => options.token ?? TOKEN,
      maxAttempts: options.maxAttempts ?? 3,
      retryDelayMs: 0,
    });
    return { envs: new EnvironmentRepository(repo, { publisher }), repo };
  }

  function fileOnGithub(): any {
    return parse(
      github.git(
        'cat-file',
        '-p',
        'refs/heads/environment/qa:environment.yaml',
      ),
    );
  }

  const calls = () =>
    github.requests.map(r => `${r.method} ${r.path.split('?')[0]} ${r.status}`);

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'releases-github-'));
    bareDir = join(root, 'environments.git');
    execFileSync('git', ['init', '--quiet', '--bare', bareDir]);
    // The environment branch exists on GitHub with another component on it.
    await landCheckout('v2.0.0');
    seededTip = execFileSync(
      'git',
      ['rev-parse', 'refs/heads/environment/qa'],
      { cwd: bareDir, encoding: 'utf8' },
    ).trim();
    github = createGithubApiDouble({
      apiBaseUrl: API,
      webBaseUrl: 'https://github.test',
      owner: 'shop',
      repo: 'environments',
      bareDir,
      token: TOKEN,
    });
    server.use(...github.handlers);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('opens and merges a pull request; the base branch then holds the new version', async () => {
    const { envs } = await open();
    const result = await envs.writeDeployment(promoteCart);

    expect(result).toEqual({
      sha: github.tip('environment/qa'),
      created: true,
      pullRequestUrl: 'https://github.test/shop/environments/pull/1',
    });
    const file = fileOnGithub();
    expect(file.components.cart.version).toBe('v1.0.0-rc.1');
    expect(file.components.cart.promotion).toBe('p1');
    expect(file.components.checkout.version).toBe('v2.0.0');
    // A merge commit on top of the tip the commit was built on.
    const parents = github
      .git('rev-list', '--parents', '-n', '1', result.sha)
      .split(' ')
      .slice(1);
    expect(parents[0]).toBe(seededTip);
    expect(github.git('log', '--format=%s', '-n', '1', parents[1])).toBe(
      'promote(cart): v1.0.0-rc.1 to qa',
    );
    expect(github.pulls).toEqual([
      expect.objectContaining({
        number: 1,
        head: HEAD,
        base: 'environment/qa',
        state: 'closed',
        merged: true,
      }),
    ]);
    // Reads see the merge at once; the head branch is gone.
    expect((await envs.read(qa)).tip).toBe(result.sha);
    expect(github.tip(HEAD)).toBeNull();
  });

  it('sends the requests, bodies and headers GitHub expects', async () => {
    const { envs } = await open();
    const result = await envs.writeDeployment(promoteCart);
    const pushedHead = github.git('rev-parse', `${result.sha}^2`);

    expect(github.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/shop/environments/pulls?head=shop%3Areleases%2Fpromotion-p1-qa&base=environment%2Fqa&state=open',
      'POST /repos/shop/environments/pulls',
      'PUT /repos/shop/environments/pulls/1/merge',
      'DELETE /repos/shop/environments/git/refs/heads/releases/promotion-p1-qa',
    ]);
    for (const r of github.requests) {
      expect(r.headers).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
      });
    }
    expect(github.requests[1].body).toEqual({
      title: 'promote(cart): v1.0.0-rc.1 to qa',
      head: HEAD,
      base: 'environment/qa',
      body: 'Promotion-Id: p1\nActor: user:default/ann',
    });
    expect(github.requests[2].body).toEqual({
      merge_method: 'merge',
      sha: pushedHead,
    });
  });

  it('opens no second pull request and writes nothing when retried after a crash past the merge', async () => {
    const { envs, repo } = await open();
    const first = await envs.writeDeployment(promoteCart);
    // The crash: the local clone never saw the merge, the head branch was not deleted yet.
    execFileSync(
      'git',
      ['update-ref', 'refs/heads/environment/qa', seededTip],
      { cwd: repo.dir },
    );
    github.git(
      'update-ref',
      `refs/heads/${HEAD}`,
      github.git('rev-parse', `${first.sha}^2`),
    );
    github.requests.length = 0;

    const again = await (await open()).envs.writeDeployment(promoteCart);

    expect(again).toEqual({ sha: first.sha, created: false });
    expect(github.tip('environment/qa')).toBe(first.sha);
    expect(github.pulls).toHaveLength(1);
    expect(github.requests.map(r => r.method)).toEqual(['GET']);
    expect(github.tip(HEAD)).toBeNull();
  });

  it('merges the pull request an earlier run opened before it crashed', async () => {
    // The earlier run pushed its commit and opened the pull request, then died.
    github.git('update-ref', `refs/heads/${HEAD}`, seededTip);
    github.openPullRequest({
      title: 'promote(cart): v1.0.0-rc.1 to qa',
      head: HEAD,
      base: 'environment/qa',
    });
    const { envs } = await open();

    const result = await envs.writeDeployment(promoteCart);

    expect(result.pullRequestUrl).toBe(
      'https://github.test/shop/environments/pull/1',
    );
    expect(github.pulls).toEqual([
      expect.objectContaining({ number: 1, merged: true }),
    ]);
    expect(calls()).not.toContainEqual(expect.stringMatching(/^POST/));
    expect(fileOnGithub().components.cart.version).toBe('v1.0.0-rc.1');
  });

  it('rebuilds on the new tip when the base moved before the merge (405), keeping the other change', async () => {
    let landed = false;
    github.hooks.beforeMerge = async () => {
      if (landed) return;
      landed = true;
      await landCheckout('v2.1.0');
    };
    const movedTo = () => github.tip('environment/qa');
    const { envs } = await open();

    const result = await envs.writeDeployment(promoteCart);

    expect(calls().filter(c => c.startsWith('PUT'))).toEqual([
      'PUT /repos/shop/environments/pulls/1/merge 405',
      'PUT /repos/shop/environments/pulls/1/merge 200',
    ]);
    expect(github.pulls).toHaveLength(1);
    const file = fileOnGithub();
    expect(file.components.cart.version).toBe('v1.0.0-rc.1');
    expect(file.components.checkout.version).toBe('v2.1.0');
    expect(result.sha).toBe(movedTo());
    // The other writer's commit is kept, not overwritten.
    const other = github.git(
      'log',
      '--format=%H',
      '--grep=promote(checkout): v2.1.0',
      '--fixed-strings',
      'environment/qa',
    );
    expect(other).toMatch(/^[0-9a-f]{40}$/);
  });

  it('rebuilds when the base moved while the pull request was opened, before asking to merge', async () => {
    let landed = false;
    github.hooks.afterOpen = async () => {
      if (landed) return;
      landed = true;
      await landCheckout('v2.1.0');
    };
    const { envs } = await open();

    await envs.writeDeployment(promoteCart);

    expect(calls().filter(c => c.startsWith('PUT'))).toEqual([
      'PUT /repos/shop/environments/pulls/1/merge 200',
    ]);
    expect(fileOnGithub().components).toMatchObject({
      cart: { version: 'v1.0.0-rc.1' },
      checkout: { version: 'v2.1.0' },
    });
  });

  it('pushes the head again when it was moved under the pull request (409)', async () => {
    let moved = false;
    github.hooks.beforeMerge = pr => {
      if (moved) return;
      moved = true;
      github.git('update-ref', `refs/heads/${pr.head}`, seededTip);
    };
    const { envs } = await open();

    await envs.writeDeployment(promoteCart);

    expect(calls().filter(c => c.startsWith('PUT'))).toEqual([
      'PUT /repos/shop/environments/pulls/1/merge 409',
      'PUT /repos/shop/environments/pulls/1/merge 200',
    ]);
    expect(fileOnGithub().components.cart.version).toBe('v1.0.0-rc.1');
  });

  it('gives up after the bounded attempts on a branch that keeps moving, leaving no pull request open', async () => {
    let n = 0;
    github.hooks.beforeMerge = () => landCheckout(`v2.1.${n++}`);
    const { envs } = await open({ maxAttempts: 3 });

    await expect(envs.writeDeployment(promoteCart)).rejects.toThrow(
      EnvironmentBranchBusyError,
    );

    expect(calls().filter(c => c.startsWith('PUT'))).toHaveLength(3);
    expect(github.pulls).toEqual([
      expect.objectContaining({ state: 'closed', merged: false }),
    ]);
    expect(github.tip(HEAD)).toBeNull();
    expect(fileOnGithub().components.cart).toBeUndefined();
  });

  it('names the rule when GitHub keeps refusing a merge although nothing moved', async () => {
    github.hooks.refuseMerge =
      'At least 1 approving review is required by reviewers with write access.';
    const { envs } = await open({ maxAttempts: 2 });

    const error = await envs.writeDeployment(promoteCart).catch(e => e);

    expect(error).toBeInstanceOf(GithubApiError);
    expect(error).toMatchObject({
      status: 405,
      repository: 'shop/environments',
    });
    expect(error.message).toContain('approving review is required');
    expect(github.pulls).toEqual([
      expect.objectContaining({ state: 'closed', merged: false }),
    ]);
    expect(github.tip(HEAD)).toBeNull();
    expect(github.tip('environment/qa')).toBe(seededTip);
  });

  it('fails with a clear error naming the repository on 401, leaving nothing behind', async () => {
    const { envs } = await open({ token: 'expired' });

    const error = await envs.writeDeployment(promoteCart).catch(e => e);

    expect(error).toBeInstanceOf(GithubApiError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/shop\/environments.*401: Bad credentials/);
    expect(github.pulls).toEqual([]);
    expect(github.tip(HEAD)).toBeNull();
    expect(github.tip('environment/qa')).toBe(seededTip);
  });

  it("creates a new environment's branch directly: a pull request needs a base", async () => {
    const { envs } = await open();
    const dev = { name: 'dev', type: 'dev' as const };

    const result = await envs.writeDeployment({
      ...promoteCart,
      env: dev,
      message: 'promote(cart): wip to dev',
    });

    expect(result.created).toBe(true);
    expect(github.tip('environment/dev')).toBe(result.sha);
    expect(github.pulls).toEqual([]);
  });

  it('validates the head branch name and the repository URL', () => {
    expect(pullRequestBranch('0b4f-42', 'qa')).toBe(
      'releases/promotion-0b4f-42-qa',
    );
    expect(() => pullRequestBranch('a..b', 'qa')).toThrow(InvalidRevisionError);
    expect(() => pullRequestBranch('a b', 'qa')).toThrow(InvalidRevisionError);
    expect(() => pullRequestBranch(null, 'qa')).toThrow(/promotion id/);
    expect(
      parseGithubRepositoryUrl('https://github.com/shop/environments.git'),
    ).toEqual({ owner: 'shop', repo: 'environments' });
    expect(
      parseGithubRepositoryUrl('https://ghe.example.com/shop/envs/'),
    ).toEqual({ owner: 'shop', repo: 'envs' });
    expect(() => parseGithubRepositoryUrl('https://github.com/shop')).toThrow(
      RepositoryNotFoundError,
    );
  });
});
