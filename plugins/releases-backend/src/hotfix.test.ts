import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import request from 'supertest';
import { releasesPlugin } from './plugin';
import {
  FINISHED,
  componentEntity,
  createCartRepositories,
  releasesTestDatabases,
  testReleasesConfig,
  waitForPromotion,
} from './service/__testUtils__/promotionFixtures';

jest.setTimeout(180_000);

const databases = releasesTestDatabases();
const CART = 'component:default/cart';
const BOB = mockCredentials.user.header('user:default/bob');
const PIPELINE = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci'),
  targetPluginId: 'releases',
});

describe.each(databases.eachSupportedId())('hotfixes on %p', databaseId => {
  let app: GitFixture;
  let envRepo: GitFixture;
  let cleanup: () => void;

  beforeEach(() => {
    ({ app, envRepo, cleanup } = createCartRepositories());
  });
  afterEach(() => cleanup());

  async function start(options: { gitRepo?: string; cacheDir?: string } = {}) {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        releasesPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            releases: {
              ...testReleasesConfig(),
              git: {
                ...testReleasesConfig().git,
                ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
                author: { name: 'Release Bot', email: 'releases@example.com' },
              },
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({
          entities: [
            componentEntity('cart', {
              gitRepo: options.gitRepo ?? app.dir,
              environmentRepo: envRepo.dir,
            }),
          ],
        }),
      ],
    });
    return { server, knex };
  }

  const hotfix = (server: any, body: object, authorization = BOB) =>
    request(server)
      .post('/api/releases/hotfixes')
      .set('Authorization', authorization)
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

  /** The promotions of the entity to `environment`, newest first. */
  async function promotionsTo(server: any, environment: string) {
    const res = await request(server)
      .get(
        `/api/releases/promotions?entityRef=${CART}&environment=${environment}`,
      )
      .set('Authorization', BOB);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  it('tags the next patch on release/X.Y, proposes it to canary, and prod follows once canary succeeded', async () => {
    const fix = app.commit('fix(cart): round totals to cents');
    const { server, knex } = await start();

    const res = await hotfix(server, {
      change: fix.slice(0, 10),
      target: 'v1.0.0',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      entityRef: CART,
      fixSha: fix,
      target: 'v1.0.0',
      branch: 'release/1.0',
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      tag: 'v1.0.1',
      promotionId: expect.any(String),
      notOnMain: false,
      by: 'user:default/bob',
      at: expect.any(String),
    });
    // The patch is the release plus the fix: the unreleased coupons stay on main.
    expect(app.git('rev-parse', 'v1.0.1^{commit}')).toBe(res.body.sha);
    expect(app.git('rev-parse', 'release/1.0')).toBe(res.body.sha);
    expect(app.git('log', '--format=%s', 'v1.0.0..v1.0.1')).toBe(
      'fix(cart): round totals to cents',
    );
    expect(app.git('log', '-1', '--format=%cn <%ce>', 'v1.0.1')).toBe(
      'Release Bot <releases@example.com>',
    );
    expect(app.git('ls-tree', '--name-only', 'v1.0.1')).not.toContain(
      'change-2.txt',
    );
    expect(app.git('rev-parse', 'main')).toBe(fix);

    const canary = await waitForPromotion(
      server,
      res.body.promotionId,
      FINISHED,
      {
        authorization: BOB,
      },
    );
    expect(canary).toMatchObject({
      environment: 'canary',
      version: 'v1.0.1',
      state: 'succeeded',
      createdBy: 'user:default/bob',
    });
    expect(canary.events[0].reason).toBe(
      'promote v1.0.1 to canary: hotfix of v1.0.0: fix(cart): round totals to cents',
    );

    // Canary succeeded: the same tag is proposed to prod, and runs there.
    let prod: any[] = [];
    for (let i = 0; i < 100 && prod.length === 0; i++) {
      prod = await promotionsTo(server, 'prod');
      if (prod.length === 0) await new Promise(r => setTimeout(r, 100));
    }
    expect(prod).toHaveLength(1);
    expect(prod[0]).toMatchObject({
      version: 'v1.0.1',
      createdBy: 'user:default/bob',
    });
    expect(prod[0].events[0].reason).toBe(
      `promote v1.0.1 to prod: hotfix of v1.0.0 (v1.0.1); canary succeeded (promotion ${canary.id})`,
    );
    const done = await waitForPromotion(server, prod[0].id, FINISHED, {
      authorization: BOB,
    });
    expect(done.state).toBe('succeeded');
    const environments = await request(server)
      .get(`/api/releases/environments?entityRef=${CART}`)
      .set('Authorization', BOB);
    expect(
      environments.body.environments
        .filter((e: any) => e.type === 'prod')
        .map((e: any) => [e.environment, e.version]),
    ).toEqual([
      ['canary', 'v1.0.1'],
      ['prod', 'v1.0.1'],
    ]);
    // Staging and qa were never asked: a hotfix goes straight to production.
    expect(await promotionsTo(server, 'staging')).toHaveLength(0);

    const audit = await knex('audit_log').where({ action: 'hotfix-create' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'user:default/bob',
      promotion_id: canary.id,
    });
  });

  it('lists hotfixes newest first, cut from a pull request, and shows when main lost the fix', async () => {
    app.commit('fix(cart): rounding (#12)');
    const second = app.commit('fix(cart): currency symbol');
    const { server } = await start();

    const first = await hotfix(server, { change: '#12', target: 'v1.0.0' });
    expect(first.status).toBe(201);
    expect(first.body.tag).toBe('v1.0.1');
    const waited = await waitForPromotion(
      server,
      first.body.promotionId,
      FINISHED,
      {
        authorization: BOB,
      },
    );
    expect(waited.events[0].reason).toBe(
      'promote v1.0.1 to canary: hotfix of v1.0.0: fix(cart): rounding (#12)',
    );
    // The patch line goes on from v1.0.1, on the same branch.
    const next = await hotfix(server, { change: second, target: 'v1.0.0' });
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({ tag: 'v1.0.2', branch: 'release/1.0' });
    expect(app.git('log', '--format=%s', 'v1.0.0..release/1.0')).toBe(
      'fix(cart): currency symbol\nfix(cart): rounding (#12)',
    );

    const list = async () => {
      const res = await request(server)
        .get(`/api/releases/hotfixes?entityRef=${CART}`)
        .set('Authorization', BOB);
      expect(res.status).toBe(200);
      return res.body.hotfixes.map((h: any) => [h.tag, h.notOnMain]);
    };
    expect(await list()).toEqual([
      ['v1.0.2', false],
      ['v1.0.1', false],
    ]);

    // Main is rewritten without the currency fix: only the release branch has it.
    app.git('reset', '--quiet', '--hard', 'HEAD~1');
    expect(await list()).toEqual([
      ['v1.0.2', true],
      ['v1.0.1', false],
    ]);

    const bad = await request(server)
      .get('/api/releases/hotfixes?entityRef=component:default/nope')
      .set('Authorization', BOB);
    expect(bad.status).toBe(404);
  });

  it('pushes the branch and the tag of a remote repository', async () => {
    const fix = app.commit('fix(cart): rounding');
    const scratch = mkdtempSync(join(tmpdir(), 'releases-hotfix-remote-'));
    try {
      const remote = join(scratch, 'cart.git');
      app.git('clone', '--quiet', '--bare', app.dir, remote);
      const { server } = await start({
        gitRepo: `file://${remote}`,
        cacheDir: join(scratch, 'cache'),
      });
      const res = await hotfix(server, { change: fix, target: 'v1.0.0' });
      expect(res.status).toBe(201);
      const inRemote = (...args: string[]) =>
        execFileSync('git', args, { cwd: remote, encoding: 'utf8' }).trim();
      expect(inRemote('rev-parse', 'v1.0.1^{commit}')).toBe(res.body.sha);
      expect(inRemote('rev-parse', 'release/1.0')).toBe(res.body.sha);
      expect(inRemote('cat-file', '-t', 'v1.0.1')).toBe('tag');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('stores nothing when the remote refuses the push, and leaves the clone as the remote is', async () => {
    const fix = app.commit('fix(cart): rounding');
    const scratch = mkdtempSync(join(tmpdir(), 'releases-hotfix-remote-'));
    try {
      const remote = join(scratch, 'cart.git');
      app.git('clone', '--quiet', '--bare', app.dir, remote);
      const hook = join(remote, 'hooks', 'pre-receive');
      writeFileSync(
        hook,
        '#!/bin/sh\necho "release branches are protected" >&2\nexit 1\n',
      );
      chmodSync(hook, 0o755);
      const cacheDir = join(scratch, 'cache');
      const { server, knex } = await start({
        gitRepo: `file://${remote}`,
        cacheDir,
      });
      const inRepo = (dir: string, ...args: string[]) =>
        execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
      const refs = (dir: string) =>
        inRepo(dir, 'for-each-ref', '--format=%(refname) %(objectname)');
      const remoteBefore = refs(remote);

      const res = await hotfix(server, { change: fix, target: 'v1.0.0' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /Hotfix v1\.0\.1 on 'release\/1\.0' not pushed: the remote refused it/,
      );
      expect(refs(remote)).toBe(remoteBefore);
      const [clone] = readdirSync(cacheDir).filter(d => d.endsWith('.git'));
      expect(refs(join(cacheDir, clone))).toBe(remoteBefore);
      expect(await knex('hotfixes')).toHaveLength(0);
      expect(await knex('promotions')).toHaveLength(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('answers 409 naming the files of a conflict, and leaves no branch, tag, promotion or row', async () => {
    // The fix changes a file v1.0.0 does not have: it cannot be picked onto it.
    writeFileSync(join(app.dir, 'change-2.txt'), 'coupons, rounded\n');
    app.git(
      'commit',
      '--quiet',
      '--no-verify',
      '-am',
      'fix(cart): coupon rounding',
    );
    const fix = app.head();
    const { server, knex } = await start();
    const before = await snapshot(knex);

    const res = await hotfix(server, { change: fix, target: 'v1.0.0' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /does not apply to 'release\/1\.0': conflicts in change-2\.txt/,
    );
    expect(await snapshot(knex)).toEqual(before);
    expect(app.git('status', '--porcelain')).toBe('');
  });

  it('refuses a bad target or an unknown change with 400, and a pipeline with 403, writing nothing', async () => {
    const fix = app.commit('fix(cart): rounding');
    app.tag('v1.1.0-rc.1');
    // A commit of a branch that never reached main.
    app.checkout('spike', { create: true });
    const spike = app.commit('fix(cart): an experiment');
    app.checkout('main');
    const { server, knex } = await start();
    const before = await snapshot(knex);

    const cases: Array<[object, RegExp]> = [
      [
        { change: fix, target: 'v9.9.9' },
        /Cannot hotfix 'v9\.9\.9': no such tag/,
      ],
      [{ change: fix, target: 'v1.1.0-rc.1' }, /not a final release tag/],
      [{ change: fix, target: 'cart' }, /not a final release tag/],
      [{ change: fix, target: '' }, /target/],
      [
        { change: 'deadbeef', target: 'v1.0.0' },
        /deadbeef is not a commit of the main line/,
      ],
      [{ change: spike, target: 'v1.0.0' }, /is not a commit of the main line/],
      [{ change: '#77', target: 'v1.0.0' }, /#77 is not on the main line/],
      [{ change: 'main', target: 'v1.0.0' }, /change must be a commit sha/],
      [{ change: fix, target: 'v1.0.0', extra: 1 }, /Unrecognized key/],
      [{ target: 'v1.0.0' }, /change is required/],
    ];
    for (const [body, message] of cases) {
      const res = await hotfix(server, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    // A fix on the release already: nothing to patch (409), nothing written.
    const applied = await hotfix(server, {
      change: app.git('rev-parse', 'v1.0.0'),
      target: 'v1.0.0',
    });
    expect(applied.status).toBe(409);

    const pipeline = await hotfix(
      server,
      { change: fix, target: 'v1.0.0' },
      PIPELINE,
    );
    expect(pipeline.status).toBe(403);
    expect(pipeline.body.error.message).toMatch(
      /releases\.hotfix\.create is a person's action/,
    );
    expect(await snapshot(knex)).toEqual(before);
  });
});
