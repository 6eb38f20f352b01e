// Over 400 lines: The promotion API end to end (versions per environment, concurrency, idempotency, bad input, permissions) on one started backend fixture per database.
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import type { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  EnvironmentRepository,
  GitRepository,
  releasesExecutorsExtensionPoint,
  type PromotionExecution,
} from '@releases-for-backstage/plugin-releases-node';
import request from 'supertest';
import { releasesPlugin } from './plugin';
import {
  createCartRepositories,
  waitForPromotion,
  releasesTestDatabases,
} from './service/__testUtils__/promotionFixtures';

/** An executor registered through the extension point, held shut until released. */
function gatedExecutor() {
  let open!: () => void;
  const gate = new Promise<void>(resolve => {
    open = resolve;
  });
  const seen: PromotionExecution[] = [];
  const module = createBackendModule({
    pluginId: 'releases',
    moduleId: 'test-gate',
    register(env) {
      env.registerInit({
        deps: { executors: releasesExecutorsExtensionPoint },
        async init({ executors }) {
          executors.addExecutor({
            id: 'gate',
            async execute(execution) {
              seen.push(execution);
              await gate;
            },
          });
        },
      });
    },
  });
  return { module, open, seen };
}

jest.setTimeout(120_000);

const databases = releasesTestDatabases();

const CART = 'component:default/cart';

describe.each(databases.eachSupportedId())('promotions on %p', databaseId => {
  let app: GitFixture;
  let envRepo: GitFixture;
  let cleanup: () => void;

  beforeEach(() => {
    ({ app, envRepo, cleanup } = createCartRepositories());
  });
  afterEach(() => cleanup());

  async function start(
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
    extra: any[] = [],
  ) {
    const knex = await databases.init(databaseId);
    const entities: Entity[] = [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: {
          name: 'shop',
          namespace: 'default',
          annotations: {
            'releases-for-backstage.io/environment-repo': envRepo.dir,
          },
        },
        spec: { owner: 'team-a' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'cart',
          namespace: 'default',
          annotations: { 'releases-for-backstage.io/git-repo': app.dir },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'team-a',
          system: 'shop',
        },
      },
    ];
    const { server } = await startTestBackend({
      features: [
        releasesPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            releases: {
              git: { dangerouslyAllowLocalRepositories: true },
              refresh: { initialDelay: { hours: 1 } },
              promotions: { frequency: { seconds: 1 } },
            },
          },
        }),
        mockServices.permissions.factory({ result: permission }),
        catalogServiceMock.factory({ entities }),
        ...extra,
      ],
    });
    return { server, knex };
  }

  const waitDone = (server: any, id: string) => waitForPromotion(server, id);

  async function promote(server: any, body: Record<string, unknown>) {
    const res = await request(server)
      .post('/api/releases/promotions')
      .send({ entityRef: CART, ...body });
    expect(res.status).toBe(201);
    return waitDone(server, res.body.id);
  }

  const envFile = (env: string) =>
    envRepo.git('show', `environment/${env}:environment.yaml`);

  it('promotes qa -> staging -> prod with rc and final tags, then rolls back', async () => {
    const { server } = await start();
    const head = app.head();
    // Read (and store) the releases once before the promotion tags anything.
    const before = await request(server)
      .get('/api/releases/releases')
      .query({ entityRef: CART });
    expect(before.body.releases.map((r: any) => r.tag)).toEqual(['v1.0.0']);

    const qa = await promote(server, { environment: 'qa' });
    expect(qa).toMatchObject({
      state: 'succeeded',
      version: 'v1.1.0-rc.1',
      sha: head,
      createdTag: 'v1.1.0-rc.1',
      createdBy: 'user:default/mock',
    });
    expect(qa.events.map((e: any) => e.state)).toEqual([
      'requested',
      'approved',
      'executing',
      'verifying',
      'succeeded',
    ]);
    expect(app.git('rev-list', '-n1', 'v1.1.0-rc.1')).toBe(head);
    expect(envFile('qa')).toContain('version: v1.1.0-rc.1');
    // The new tag is a release in the portal at once, not after the next refresh.
    const releases = await request(server)
      .get('/api/releases/releases')
      .query({ entityRef: CART });
    expect(releases.status).toBe(200);
    expect(releases.body.releases.map((r: any) => r.tag)).toContain(
      'v1.1.0-rc.1',
    );

    const staging = await promote(server, { environment: 'staging' });
    expect(staging).toMatchObject({
      state: 'succeeded',
      version: 'v1.1.0-rc.1',
      createdTag: null,
    });

    const prod = await promote(server, {
      environment: 'prod',
      version: '1.1.0',
    });
    expect(prod).toMatchObject({
      state: 'succeeded',
      version: 'v1.1.0',
      createdTag: 'v1.1.0',
    });
    expect(app.git('rev-list', '-n1', 'v1.1.0')).toBe(head);
    expect(envRepo.git('log', '--format=%s', 'environment/prod')).toBe(
      'promote(cart): v1.1.0 to prod',
    );

    // A second release to prod, then a rollback to the first.
    app.commit('fix(cart): rounding');
    await promote(server, { environment: 'qa' });
    expect(app.git('tag', '--list', 'v1.1.1-rc.*')).toBe('v1.1.1-rc.1');
    await promote(server, { environment: 'prod', version: '1.1.1' });
    expect(envFile('prod')).toContain('version: v1.1.1');
    const back = await promote(server, { environment: 'prod', rollback: true });
    expect(back).toMatchObject({
      state: 'succeeded',
      version: 'v1.1.0',
      rollback: true,
      previousVersion: 'v1.1.1',
    });
    expect(envFile('prod')).toContain('version: v1.1.0');

    const envs = await request(server)
      .get('/api/releases/environments')
      .query({ entityRef: CART });
    expect(envs.status).toBe(200);
    const byName = Object.fromEntries(
      envs.body.environments.map((e: any) => [e.environment, e]),
    );
    expect(byName.qa).toMatchObject({
      version: 'v1.1.1-rc.1',
      status: 'deployed',
      type: 'qa',
    });
    expect(byName.prod).toMatchObject({
      version: 'v1.1.0',
      status: 'deployed',
      by: 'user:default/mock',
    });
    expect(byName.dev).toMatchObject({ version: null, status: null });

    const matrix = await request(server)
      .get('/api/releases/matrix')
      .query({ system: 'system:default/shop' });
    expect(matrix.status).toBe(200);
    expect(matrix.body.environments).toEqual([
      'dev',
      'qa',
      'staging',
      'canary',
      'prod',
    ]);
    expect(matrix.body.rows).toEqual([
      expect.objectContaining({
        entityRef: CART,
        cells: expect.objectContaining({
          prod: expect.objectContaining({ version: 'v1.1.0' }),
        }),
      }),
    ]);

    const audit = await request(server)
      .get('/api/releases/audit')
      .query({ entityRef: CART });
    expect(audit.body.items.map((i: any) => i.action)).toContain(
      'promotion-rollback',
    );
    // One trail: the promotion, the tag it created and the environment commit.
    const executed = audit.body.items.find(
      (i: any) => i.action === 'promotion-executed' && i.promotionId === qa.id,
    );
    const qaCommit = envRepo.git(
      'log',
      '--format=%H',
      '--grep',
      `Promotion-Id: ${qa.id}`,
      'environment/qa',
    );
    expect(executed.detail).toBe(
      `tagged v1.1.0-rc.1; environment/qa at ${qaCommit.slice(0, 12)}`,
    );
  });

  it('reads what the environment branches say, history included, and rolls back to it', async () => {
    app.tag('v1.1.0');
    const envs = new EnvironmentRepository(
      await GitRepository.open(envRepo.dir),
    );
    const prod = { name: 'prod', type: 'prod' as const };
    for (const [version, day] of [
      ['v1.0.0', '01'],
      ['v1.1.0', '08'],
    ]) {
      await envs.writeDeployment({
        env: prod,
        component: 'cart',
        deployment: {
          version,
          commit: null,
          appRepo: app.dir,
          updatedAt: `2026-10-${day}T10:00:00.000Z`,
          updatedBy: 'user:default/ann',
          promotion: null,
        },
        message: `promote(cart): ${version} to prod`,
        author: { name: 'Ann', email: 'ann@example.com' },
      });
    }
    const { server } = await start();
    const res = await request(server)
      .get('/api/releases/environments')
      .query({ entityRef: CART });
    const prodState = res.body.environments.find(
      (e: any) => e.environment === 'prod',
    );
    expect(prodState).toMatchObject({
      version: 'v1.1.0',
      since: '2026-10-08T10:00:00.000Z',
      by: 'user:default/ann',
      status: 'deployed',
    });
    const back = await promote(server, { environment: 'prod', rollback: true });
    expect(back).toMatchObject({
      state: 'succeeded',
      version: 'v1.0.0',
      previousVersion: 'v1.1.0',
    });
  });

  it('refuses prod without a release candidate and writes nothing', async () => {
    const { server, knex } = await start();
    const before = app.git('tag', '--list');
    const res = await request(server)
      .post('/api/releases/promotions')
      .send({ entityRef: CART, environment: 'prod', version: '1.1.0' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/No release candidate of 1\.1\.0/);
    expect(app.git('tag', '--list')).toBe(before);
    expect(envRepo.git('branch', '--list', 'environment/*')).toBe('');
    expect(Number((await knex('promotions').count({ n: '*' }))[0].n)).toBe(0);
    expect(
      Number((await knex('active_promotions').count({ n: '*' }))[0].n),
    ).toBe(0);
  });

  it('names the problem in bad requests', async () => {
    const { server, knex } = await start();
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [
        { environment: 'moon' },
        400,
        /Unknown environment 'moon'; environments are dev, qa, staging, canary, prod/,
      ],
      [{ environment: 'QA!' }, 400, /environment must be an environment name/],
      [
        { environment: 'qa', version: 'bad..tag' },
        400,
        /'bad\.\.tag' is not a valid version/,
      ],
      [
        { environment: 'qa', entityRef: 'component:default/nope' },
        404,
        /not found/,
      ],
      [
        { environment: 'staging', version: 'v9.9.9' },
        400,
        /'v9\.9\.9' is not a tag/,
      ],
      [
        { environment: 'prod', rollback: true },
        400,
        /No earlier known-good version/,
      ],
      [{ environment: 'qa', surprise: 1 }, 400, /surprise/],
    ];
    for (const [body, status, message] of cases) {
      const res = await request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: CART, ...body });
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(res.body.error.message).toMatch(message);
    }
    expect(Number((await knex('promotions').count({ n: '*' }))[0].n)).toBe(0);
    expect(app.git('tag', '--list')).toBe('v1.0.0');
    expect(envRepo.git('branch', '--list', 'environment/*')).toBe('');
  });

  it('returns the same promotion for a repeated idempotency key', async () => {
    const { server } = await start();
    const first = await request(server)
      .post('/api/releases/promotions')
      .send({ entityRef: CART, environment: 'qa', idempotencyKey: 'run-42' });
    expect(first.status).toBe(201);
    const again = await request(server)
      .post('/api/releases/promotions')
      .send({ entityRef: CART, environment: 'qa', idempotencyKey: 'run-42' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    await waitDone(server, first.body.id);
    expect(app.git('tag', '--list', 'v1.1.0-rc.*')).toBe('v1.1.0-rc.1');
  });

  it('lets exactly one of 50 concurrent promotions run; the rest get 409 naming it', async () => {
    // The first promotion is held in execution until every request is answered.
    const gate = gatedExecutor();
    const { server, knex } = await start(AuthorizeResult.ALLOW, [gate.module]);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        request(server)
          .post('/api/releases/promotions')
          .send({ entityRef: CART, environment: 'qa' }),
      ),
    );
    const created = results.filter(r => r.status === 201);
    const conflicts = results.filter(r => r.status === 409);
    expect(created).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    for (const c of conflicts) {
      expect(c.body.error.message).toBe(
        `Promotion ${created[0].body.id} is already active for ${CART} in qa`,
      );
    }
    for (let i = 0; i < 100 && gate.seen.length === 0; i++)
      await new Promise(r => setTimeout(r, 100));
    expect(gate.seen).toEqual([
      expect.objectContaining({
        promotionId: created[0].body.id,
        component: 'cart',
        version: 'v1.1.0-rc.1',
      }),
    ]);
    gate.open();
    await waitDone(server, created[0].body.id);
    expect(Number((await knex('promotions').count({ n: '*' }))[0].n)).toBe(1);
    expect(app.git('tag', '--list', 'v1.1.0-rc.*')).toBe('v1.1.0-rc.1');
  });

  it('records pipeline deployments in the current state', async () => {
    const { server } = await start();
    const sha = app.head();
    const res = await request(server).post('/api/releases/deployments').send({
      entityRef: CART,
      environment: 'dev',
      version: 'WIP',
      sha,
      status: 'succeeded',
      runUrl: 'https://ci.example.com/runs/7',
    });
    expect(res.status).toBe(201);
    const envs = await request(server)
      .get('/api/releases/environments')
      .query({ entityRef: CART });
    expect(envs.body.environments[0]).toMatchObject({
      environment: 'dev',
      version: 'WIP',
      sha,
      status: 'deployed',
      runUrl: 'https://ci.example.com/runs/7',
    });
    const bad = await request(server).post('/api/releases/deployments').send({
      entityRef: CART,
      environment: 'dev',
      version: 'WIP',
      status: 'done',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/status/);
    const badUrl = await request(server)
      .post('/api/releases/deployments')
      .send({
        entityRef: CART,
        environment: 'dev',
        version: 'WIP',
        status: 'started',
        // A script URL, built so the linter does not take it for one.
        runUrl: ['javascript', 'alert(1)'].join(':'),
      });
    expect(badUrl.status).toBe(400);
  });

  it('serves the matrix from a cache that follows every deployment', async () => {
    const { server } = await start();
    const first = await request(server)
      .get('/api/releases/matrix')
      .query({ system: 'system:default/shop' });
    expect(first.status).toBe(200);
    expect(first.body.rows[0].cells.dev.version).toBeNull();
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    const same = await request(server)
      .get('/api/releases/matrix')
      .query({ system: 'system:default/shop' })
      .set('If-None-Match', etag);
    expect(same.status).toBe(304);
    await request(server)
      .post('/api/releases/deployments')
      .send({
        entityRef: CART,
        environment: 'dev',
        version: 'WIP',
        status: 'succeeded',
      })
      .expect(201);
    const after = await request(server)
      .get('/api/releases/matrix')
      .query({ system: 'system:default/shop' })
      .set('If-None-Match', etag);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.body.rows[0].cells.dev).toMatchObject({
      version: 'WIP',
      status: 'deployed',
    });
    const plain = await request(server)
      .get('/api/releases/matrix')
      .query({ system: 'system:default/shop' })
      .set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.rows[0].cells.dev.version).toBe('WIP');
  });

  it('refuses to abort a finished promotion', async () => {
    const { server } = await start();
    const done = await promote(server, { environment: 'qa' });
    const res = await request(server)
      .post(`/api/releases/promotions/${done.id}/abort`)
      .send({});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /succeeded and can no longer be aborted/,
    );
    const missing = await request(server)
      .post(
        '/api/releases/promotions/00000000-0000-0000-0000-000000000000/abort',
      )
      .send({});
    expect(missing.status).toBe(404);
  });

  it('denies every mutating route without permission and writes nothing', async () => {
    const { server, knex } = await start(AuthorizeResult.DENY);
    const calls = [
      request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: CART, environment: 'qa' }),
      request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: CART, environment: 'prod', rollback: true }),
      request(server).post('/api/releases/deployments').send({
        entityRef: CART,
        environment: 'dev',
        version: 'WIP',
        status: 'started',
      }),
      request(server).post('/api/releases/refresh').send({ entityRef: CART }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(403);
    }
    for (const table of [
      'promotions',
      'deployments',
      'environment_state',
      'audit_log',
      'active_promotions',
    ]) {
      expect({
        table,
        n: Number((await knex(table).count({ n: '*' }))[0].n),
      }).toEqual({ table, n: 0 });
    }
    expect(app.git('tag', '--list')).toBe('v1.0.0');
  });
});
