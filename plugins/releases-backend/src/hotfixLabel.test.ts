/*
 * A hotfix without a target takes it from the hotfix-to/<tag> label of the
 * fix's pull request on GitHub (a REST double), and cuts nothing when the
 * label is missing, ambiguous or cannot be read.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { RELEASES_REPO_URL_ANNOTATION } from '@releases-for-backstage/plugin-releases-common';
import type { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { releasesPlugin } from './plugin';
import {
  componentEntity,
  createCartRepositories,
  releasesTestDatabases,
  testReleasesConfig,
} from './service/__testUtils__/promotionFixtures';

jest.setTimeout(180_000);

const databases = releasesTestDatabases();
const CART = 'component:default/cart';
const BOB = mockCredentials.user.header('user:default/bob');
const PULLS = 'https://api.github.com/repos/shop/cart/commits/:sha/pulls';

const github = setupServer();
beforeAll(() =>
  github.listen({
    // supertest talks to the test backend on localhost; anything else is a bug.
    onUnhandledRequest(req, print) {
      if (
        !['127.0.0.1', 'localhost', '::1', '[::1]'].includes(
          new URL(req.url).hostname,
        )
      )
        print.error();
    },
  }),
);
afterEach(() => github.resetHandlers());
afterAll(() => github.close());

/** A pull request as GitHub's REST API answers it, trimmed to what matters. */
function githubPull(number: number, labels: string[]) {
  return {
    url: `https://api.github.com/repos/shop/cart/pulls/${number}`,
    id: 1000 + number,
    number,
    state: 'closed',
    title: `Pull request ${number}`,
    html_url: `https://github.com/shop/cart/pull/${number}`,
    user: { login: 'jane', id: 1 },
    labels: labels.map((name, i) => ({
      id: i + 1,
      node_id: `L${i}`,
      name,
      color: 'ededed',
      default: false,
      description: null,
    })),
    merged_at: '2026-11-30T10:00:00Z',
    base: { ref: 'main' },
    head: { ref: `feature-${number}` },
  };
}

/**
 * GitHub's "pull requests associated with a commit", answering `answer`;
 * what it was asked is recorded.
 */
function pullsOfCommit(answer: () => Response) {
  const asked: Array<{ sha: string; auth: string | null }> = [];
  github.use(
    http.get(PULLS, ({ params, request: req }) => {
      asked.push({
        sha: String(params.sha),
        auth: req.headers.get('authorization'),
      });
      return answer();
    }),
  );
  return asked;
}

const labelled = (...labels: string[]) =>
  pullsOfCommit(() =>
    HttpResponse.json([githubPull(12, ['bug', 'change:S', ...labels])]),
  );

describe.each(databases.eachSupportedId())(
  'hotfix targets from labels on %p',
  databaseId => {
    let app: GitFixture;
    let envRepo: GitFixture;
    let cleanup: () => void;

    beforeEach(() => {
      ({ app, envRepo, cleanup } = createCartRepositories());
    });
    afterEach(() => cleanup());

    async function start(
      options: { repoUrl?: string | null } = {},
    ): Promise<{ server: any; knex: any }> {
      const knex = await databases.init(databaseId);
      const entity = componentEntity('cart', {
        gitRepo: app.dir,
        environmentRepo: envRepo.dir,
      });
      const repoUrl =
        options.repoUrl === undefined
          ? 'https://github.com/shop/cart'
          : options.repoUrl;
      if (repoUrl)
        entity.metadata.annotations![RELEASES_REPO_URL_ANNOTATION] = repoUrl;
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              integrations: {
                github: [{ host: 'github.com', token: 'github-token' }],
              },
              releases: {
                ...testReleasesConfig(),
                git: {
                  ...testReleasesConfig().git,
                  author: {
                    name: 'Release Bot',
                    email: 'releases@example.com',
                  },
                },
              },
            },
          }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          catalogServiceMock.factory({ entities: [entity] }),
        ],
      });
      return { server, knex };
    }

    const hotfix = (server: any, body: object) =>
      request(server)
        .post('/api/releases/hotfixes')
        .set('Authorization', BOB)
        .send({ entityRef: CART, ...body });

    /** Everything a refused hotfix must leave as it was. */
    async function snapshot(knex: any) {
      const count = async (table: string) =>
        Number((await knex(table).count({ n: '*' }))[0].n);
      return {
        refs: app.git('for-each-ref', '--format=%(refname) %(objectname)'),
        worktrees: app.git('worktree', 'list', '--porcelain'),
        hotfixes: await count('hotfixes'),
        promotions: await count('promotions'),
        audit: await count('audit_log'),
        environments: envRepo.git(
          'for-each-ref',
          '--format=%(refname) %(objectname)',
        ),
      };
    }

    it('cuts the patch of the release the hotfix-to label names, asking GitHub for the fix commit', async () => {
      const fix = app.commit('fix(cart): round totals to cents');
      const asked = labelled('hotfix-to/v1.0.0');
      const { server, knex } = await start();

      const res = await hotfix(server, { change: fix.slice(0, 10) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        fixSha: fix,
        target: 'v1.0.0',
        branch: 'release/1.0',
        tag: 'v1.0.1',
      });
      expect(app.git('rev-parse', 'v1.0.1^{commit}')).toBe(res.body.sha);
      expect(app.git('rev-parse', 'release/1.0')).toBe(res.body.sha);
      expect(app.git('log', '--format=%s', 'v1.0.0..v1.0.1')).toBe(
        'fix(cart): round totals to cents',
      );
      // Asked by the full sha, with the integration's token.
      expect(asked).toEqual([{ sha: fix, auth: 'Bearer github-token' }]);
      const [entry] = await knex('audit_log').where({
        action: 'hotfix-create',
      });
      expect(entry.detail).toMatch(
        /target from the label hotfix-to\/v1\.0\.0 of #12/,
      );
    });

    it('takes a label without the tag prefix, and the same tag twice as one, for a pull request change', async () => {
      const fix = app.commit('fix(cart): rounding (#12)');
      const asked = labelled('hotfix-to/1.0.0', 'Hotfix-To/v1.0.0');
      const { server } = await start();

      const res = await hotfix(server, { change: '#12' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ target: 'v1.0.0', tag: 'v1.0.1' });
      expect(asked.map(a => a.sha)).toEqual([fix]);
    });

    it('refuses a pull request without a hotfix-to label, or no pull request, with 400 and writes nothing', async () => {
      const fix = app.commit('fix(cart): rounding');
      let pulls = [githubPull(12, ['bug', 'hotfix', 'hotfix-to'])];
      const asked = pullsOfCommit(() => HttpResponse.json(pulls));
      const { server, knex } = await start();
      const before = await snapshot(knex);

      const res = await hotfix(server, { change: fix.slice(0, 7) });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        `Invalid request body: change ${fix.slice(
          0,
          7,
        )} has no hotfix-to/<tag> label on its pull request (#12): name the target`,
      );
      pulls = [];
      const none = await hotfix(server, { change: fix });
      expect(none.status).toBe(400);
      expect(none.body.error.message).toMatch(
        /has no hotfix-to\/<tag> label on its pull request \(github\.com knows no pull request of .*\): name the target/,
      );
      expect(asked).toHaveLength(2);
      expect(await snapshot(knex)).toEqual(before);
    });

    it('refuses labels naming two releases with 400 naming both, and writes nothing', async () => {
      const fix = app.commit('fix(cart): rounding');
      app.git('tag', '-a', '-m', 'v1.1.0', 'v1.1.0', 'v1.0.0');
      labelled('hotfix-to/v1.0.0', 'hotfix-to/v1.1.0');
      const { server, knex } = await start();
      const before = await snapshot(knex);

      const res = await hotfix(server, { change: fix });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /has several hotfix-to\/<tag> labels on its pull request \(#12\): hotfix-to\/v1\.0\.0, hotfix-to\/v1\.1\.0; name the target/,
      );
      expect(await snapshot(knex)).toEqual(before);
    });

    it('refuses a label naming no final release with 400', async () => {
      const fix = app.commit('fix(cart): rounding');
      labelled('hotfix-to/next');
      const { server, knex } = await start();
      const before = await snapshot(knex);

      const res = await hotfix(server, { change: fix });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /the label hotfix-to\/next of pull request #12 is not a final release tag of component:default\/cart \(such as v1\.4\.0\); fix the label or name the target/,
      );
      expect(await snapshot(knex)).toEqual(before);
    });

    it('answers 503 with what failed when GitHub answers 500 or not at all, and writes nothing', async () => {
      const fix = app.commit('fix(cart): rounding');
      let down = true;
      const asked = pullsOfCommit(() =>
        down
          ? HttpResponse.json({ message: 'Server Error' }, { status: 500 })
          : HttpResponse.error(),
      );
      const { server, knex } = await start();
      const before = await snapshot(knex);

      const res = await hotfix(server, { change: fix });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe(
        `The hotfix-to/<tag> label of change ${fix} could not be read from github.com, so no hotfix was cut: GitHub API GET /repos/shop/cart/commits/${fix}/pulls for shop/cart failed with 500: Server Error; try again, or name the target`,
      );
      expect(res.body.error.message).not.toContain('github-token');
      down = false;
      const offline = await hotfix(server, { change: fix });
      expect(offline.status).toBe(503);
      expect(offline.body.error.message).toMatch(/got no answer/);
      expect(asked).toHaveLength(2);
      expect(await snapshot(knex)).toEqual(before);
    });

    it('takes a given target over the label, without asking GitHub', async () => {
      const fix = app.commit('fix(cart): rounding');
      app.git('tag', '-a', '-m', 'v1.1.0', 'v1.1.0', 'v1.0.0');
      const asked = labelled('hotfix-to/v1.1.0');
      const { server } = await start();

      const res = await hotfix(server, { change: fix, target: 'v1.0.0' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ target: 'v1.0.0', tag: 'v1.0.1' });
      expect(asked).toEqual([]);
    });

    it('asks for the target when the repository has no SCM URL or no integration covers it', async () => {
      const fix = app.commit('fix(cart): rounding');
      const asked = labelled('hotfix-to/v1.0.0');

      const local = await start({ repoUrl: null });
      const before = await snapshot(local.knex);
      const noUrl = await hotfix(local.server, { change: fix });
      expect(noUrl.status).toBe(400);
      expect(noUrl.body.error.message).toMatch(
        /has no hotfix-to\/<tag> label to read: component:default\/cart names no SCM URL of its repository \(annotation releases-for-backstage\.io\/repo-url\); name the target/,
      );
      expect(await snapshot(local.knex)).toEqual(before);

      const elsewhere = await start({
        repoUrl: 'https://git.example.com/shop/cart',
      });
      const uncovered = await hotfix(elsewhere.server, { change: fix });
      expect(uncovered.status).toBe(400);
      expect(uncovered.body.error.message).toMatch(
        /no integration under integrations covers git\.example\.com, where component:default\/cart is hosted; name the target/,
      );
      expect(await snapshot(elsewhere.knex)).toEqual(before);
      expect(asked).toEqual([]);
    });
  },
);
