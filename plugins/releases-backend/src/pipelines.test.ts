import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
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
  waitForPromotion as waitFor,
} from './service/__testUtils__/promotionFixtures';

jest.setTimeout(180_000);

const databases = releasesTestDatabases();

const CART = 'component:default/cart';
const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
const PIPELINE = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci'),
  targetPluginId: 'releases',
});

const BARE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'bare', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

describe.each(databases.eachSupportedId())('pipelines on %p', databaseId => {
  let app: GitFixture;
  let envRepo: GitFixture;
  let cleanup: () => void;

  beforeEach(() => {
    ({ app, envRepo, cleanup } = createCartRepositories());
  });
  afterEach(() => cleanup());

  async function start(releases: Record<string, unknown> = {}) {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        releasesPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { releases: { ...testReleasesConfig(), ...releases } },
        }),
        // Everyone may report but mallory.
        mockServices.permissions.mock({
          authorize: jest.fn(async (requests: any[], opts: any) =>
            requests.map(() => ({
              result:
                opts?.credentials?.principal?.userEntityRef ===
                'user:default/mallory'
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
          ),
          authorizeConditional: jest.fn(),
        } as any).factory,
        catalogServiceMock.factory({
          entities: [
            componentEntity('cart', {
              gitRepo: app.dir,
              environmentRepo: envRepo.dir,
            }),
            BARE,
          ],
        }),
      ],
    });
    return { server, knex };
  }

  function report(
    server: any,
    body: Record<string, unknown>,
    authorization = PIPELINE,
  ) {
    return request(server)
      .post('/api/releases/pipelines')
      .set('Authorization', authorization)
      .send({ entityRef: CART, ...body });
  }

  function trace(server: any, version: string) {
    return request(server)
      .get(
        `/api/releases/pipelines?entityRef=${encodeURIComponent(
          CART,
        )}&version=${encodeURIComponent(version)}`,
      )
      .set('Authorization', as('bob'));
  }

  async function promote(server: any, body: Record<string, unknown>) {
    const res = await request(server)
      .post('/api/releases/promotions')
      .set('Authorization', as('bob'))
      .send({ entityRef: CART, ...body });
    expect(res.status).toBe(201);
    return waitFor(server, res.body.id, ['waiting-for-gates', ...FINISHED], {
      authorization: as('bob'),
    });
  }

  const finished = (server: any, id: string) =>
    waitFor(server, id, FINISHED, { authorization: as('bob') });

  it('records the stages of a version, in pipeline order, a report replacing a stage, with the chart version and an audit entry', async () => {
    const { server, knex } = await start({
      artifacts: { chartVersion: '<module>-<major>-<minor>-<patch>-<sha>' },
    });
    const sha = app.git('rev-list', '-n', '1', 'v1.0.0').trim();
    const first = await report(server, {
      version: 'v1.0.0',
      sha: sha.slice(0, 7),
      stages: [
        { name: 'integration-tests', status: 'running' },
        { name: 'lint', status: 'skipped' },
        {
          name: 'unit-tests',
          status: 'failed',
          startedAt: '2026-12-03T09:00:00Z',
          finishedAt: '2026-12-03T10:04:00.500+01:00',
          url: 'https://ci.example.com/runs/1',
          detail: 'coverage 71%',
        },
        { name: 'clone', status: 'succeeded' },
        { name: 'build', status: 'succeeded' },
      ],
    });
    expect(first.status).toBe(201);
    expect(first.body.entityRef).toBe(CART);
    expect(first.body.version).toBe('v1.0.0');
    expect(first.body.chartVersion).toBe(`cart-1-0-0-${sha.slice(0, 7)}`);
    expect(first.body.stages.map((s: any) => s.name)).toEqual([
      'clone',
      'build',
      'unit-tests',
      'integration-tests',
      'lint',
    ]);
    expect(first.body.stages[2]).toEqual({
      name: 'unit-tests',
      status: 'failed',
      startedAt: '2026-12-03T09:00:00.000Z',
      finishedAt: '2026-12-03T09:04:00.500Z',
      url: 'https://ci.example.com/runs/1',
      detail: 'coverage 71%',
      reportedBy: 'external:ci',
      reportedAt: expect.any(String),
    });

    // The rerun of unit tests replaces the failed one; the others stay.
    const rerun = await report(server, {
      version: '1.0.0',
      stages: [
        {
          name: 'unit-tests',
          status: 'succeeded',
          url: 'https://ci.example.com/runs/2',
          detail: 'coverage 84%',
        },
      ],
    });
    expect(rerun.status).toBe(201);
    const read = await trace(server, 'v1.0.0');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(rerun.body);
    const unit = read.body.stages.filter((s: any) => s.name === 'unit-tests');
    expect(unit).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        startedAt: null,
        finishedAt: null,
        url: 'https://ci.example.com/runs/2',
        detail: 'coverage 84%',
      }),
    ]);
    expect(read.body.stages).toHaveLength(5);
    expect((await knex('pipeline_stages')).length).toBe(5);

    const audit = await knex('audit_log')
      .where({ action: 'pipeline-report' })
      .orderBy('id');
    expect(audit.map((a: any) => [a.actor, a.detail])).toEqual([
      [
        'external:ci',
        '1.0.0: integration-tests running, lint skipped, unit-tests failed, clone succeeded, build succeeded',
      ],
      ['external:ci', '1.0.0: unit-tests succeeded'],
    ]);

    // A version nothing reported: no stages, still its chart version.
    const none = await trace(server, '1.0.0-rc.9');
    expect(none.status).toBe(200);
    expect(none.body).toEqual({
      entityRef: CART,
      version: 'v1.0.0-rc.9',
      stages: [],
      chartVersion: null,
      schema: null,
    });
  });

  it('refuses bad reports naming the field, with nothing written', async () => {
    const { server, knex } = await start();
    const ok = { name: 'build', status: 'succeeded' };
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        { version: 'v9.9.9', stages: [ok] },
        /version 'v9\.9\.9' is not a release of component:default\/cart \(no tag v9\.9\.9\)/,
      ],
      [{ version: 'latest', stages: [ok] }, /'latest' is neither a version/],
      [
        { version: 'v1.0.0', stages: [ok, { ...ok, status: 'failed' }] },
        /stages\.1\.name 'build' is reported twice/,
      ],
      [
        { version: 'v1.0.0', stages: [{ ...ok, url: 'ftp://ci/1' }] },
        /stages\.0\.url must be an http\(s\) URL/,
      ],
      [
        {
          version: 'v1.0.0',
          stages: [
            {
              ...ok,
              startedAt: '2026-12-03T10:00:00Z',
              finishedAt: '2026-12-03T09:59:59Z',
            },
          ],
        },
        /stages\.0\.finishedAt is before startedAt/,
      ],
      [
        {
          version: 'v1.0.0',
          stages: [{ ...ok, startedAt: '2026-12-03 10:00' }],
        },
        /stages\.0\.startedAt must be an ISO 8601 timestamp/,
      ],
      [
        { version: 'v1.0.0', stages: [{ ...ok, detail: 'x'.repeat(501) }] },
        /stages\.0\.detail/,
      ],
      [
        { version: 'v1.0.0', stages: [{ ...ok, name: 'Unit Tests' }] },
        /stages\.0\.name must be a stage name/,
      ],
      [
        { version: 'v1.0.0', stages: [{ ...ok, status: 'passed' }] },
        /stages\.0\.status/,
      ],
      [{ version: 'v1.0.0', stages: [] }, /stages needs at least one stage/],
      [
        {
          version: 'v1.0.0',
          stages: Array.from({ length: 21 }, (_, i) => ({
            ...ok,
            name: `s${i}`,
          })),
        },
        /stages takes at most 20 stages/,
      ],
      [
        { version: 'v1.0.0', stages: [ok], colour: 'red' },
        /Unrecognized key.*colour/,
      ],
      [
        { version: 'v1.0.0', stages: [{ ...ok, colour: 'red' }] },
        /stages\.0 Unrecognized key.*colour/,
      ],
      [
        { version: 'v1.0.0', sha: 'abcdef0', stages: [ok] },
        /sha 'abcdef0' is not the commit of v1\.0\.0/,
      ],
    ];
    for (const [body, pattern] of cases) {
      const res = await report(server, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(pattern);
    }
    const unknown = await report(server, {
      entityRef: 'component:default/nope',
      version: 'v1.0.0',
      stages: [ok],
    });
    expect(unknown.status).toBe(404);
    const bare = await report(server, {
      entityRef: 'component:default/bare',
      version: 'v1.0.0',
      stages: [ok],
    });
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toMatch(/not set up for releases/);

    // A person without the report permission.
    const denied = await report(
      server,
      { version: 'v1.0.0', stages: [ok] },
      as('mallory'),
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(
      /releases\.result\.report on component:default\/cart/,
    );

    expect((await knex('pipeline_stages')).length).toBe(0);
    expect(
      (await knex('audit_log').where({ action: 'pipeline-report' })).length,
    ).toBe(0);
    expect((await trace(server, 'v1.0.0')).body.stages).toEqual([]);
    expect((await trace(server, 'latest')).status).toBe(400);
  });

  it('holds a promotion until the required stages succeeded, and judges a final in prod by its candidate', async () => {
    const { server } = await start({
      pipelines: {
        requiredStages: {
          staging: ['unit-tests', 'vulnerability-scan'],
          prod: ['unit-tests', 'vulnerability-scan', 'integration-tests'],
        },
      },
      artifacts: { chartVersion: '<module>-<major>-<minor>-<patch>-<sha>' },
    });
    // qa requires no stage: the gate is not listed.
    const qa = await promote(server, { environment: 'qa' });
    const qaDone = await finished(server, qa.id);
    expect(qaDone.state).toBe('succeeded');
    expect(qaDone.gates.find((g: any) => g.id === 'pipeline')).toBeUndefined();
    const rc: string = qaDone.version;

    const staging = await promote(server, { environment: 'staging' });
    expect(staging.state).toBe('waiting-for-gates');
    expect(staging.gates.find((g: any) => g.id === 'pipeline')).toEqual(
      expect.objectContaining({
        status: 'pending',
        required: true,
        detail: `waiting for pipeline stages unit-tests (not reported), vulnerability-scan (not reported) for ${rc}`,
      }),
    );

    // Skipped and running do not meet a requirement.
    await report(server, {
      version: rc,
      stages: [
        { name: 'unit-tests', status: 'succeeded' },
        { name: 'vulnerability-scan', status: 'skipped' },
      ],
    }).expect(201);
    await report(server, {
      version: rc,
      stages: [{ name: 'vulnerability-scan', status: 'running' }],
    }).expect(201);
    await new Promise(r => setTimeout(r, 1500));
    const waiting = await request(server)
      .get(`/api/releases/promotions/${staging.id}`)
      .set('Authorization', as('bob'));
    expect(waiting.body.state).toBe('waiting-for-gates');
    expect(
      waiting.body.gates.find((g: any) => g.id === 'pipeline').detail,
    ).toBe(
      `waiting for pipeline stages vulnerability-scan (running) for ${rc}`,
    );

    await report(server, {
      version: rc,
      stages: [{ name: 'vulnerability-scan', status: 'succeeded' }],
    }).expect(201);
    const stagingDone = await finished(server, staging.id);
    expect(stagingDone.state).toBe('succeeded');
    expect(stagingDone.gates.find((g: any) => g.id === 'pipeline')).toEqual(
      expect.objectContaining({
        status: 'met',
        detail: `unit-tests, vulnerability-scan succeeded for ${rc}`,
      }),
    );

    // The final version has no stages of its own: its candidate's count.
    const final = rc.replace(/-rc\.\d+$/, '');
    const prod = await promote(server, {
      environment: 'prod',
      version: final.replace(/^v/, ''),
    });
    expect(prod.version).toBe(final);
    expect(prod.state).toBe('waiting-for-gates');
    expect(prod.gates.find((g: any) => g.id === 'pipeline').detail).toBe(
      `waiting for pipeline stages integration-tests (not reported) for ${rc}`,
    );
    await report(server, {
      version: rc,
      stages: [{ name: 'integration-tests', status: 'succeeded' }],
    }).expect(201);
    const prodDone = await finished(server, prod.id);
    expect(prodDone.state).toBe('succeeded');
    expect(prodDone.gates.find((g: any) => g.id === 'pipeline').detail).toBe(
      `unit-tests, vulnerability-scan, integration-tests succeeded for ${rc}`,
    );

    // Tagged now on the candidate's commit, the final shows the candidate's trace.
    const sha = app.git('rev-list', '-n', '1', final).trim();
    const read = await trace(server, final);
    expect(read.body.version).toBe(rc);
    expect(read.body.stages.map((s: any) => [s.name, s.status])).toEqual([
      ['unit-tests', 'succeeded'],
      ['vulnerability-scan', 'succeeded'],
      ['integration-tests', 'succeeded'],
    ]);
    const [major, minor, patch] = final.replace(/^v/, '').split('.');
    expect(read.body.chartVersion).toBe(
      `cart-${major}-${minor}-${patch}-${sha.slice(0, 7)}`,
    );
  });

  it('rejects a promotion whose required stage failed, naming it and its run', async () => {
    const { server } = await start({
      pipelines: { requiredStages: { staging: ['vulnerability-scan'] } },
    });
    const qa = await finished(
      server,
      (
        await promote(server, { environment: 'qa' })
      ).id,
    );
    await report(server, {
      version: qa.version,
      stages: [
        {
          name: 'vulnerability-scan',
          status: 'failed',
          url: 'https://ci.example.com/runs/7',
          detail: '2 critical',
        },
      ],
    }).expect(201);
    const staging = await finished(
      server,
      (
        await promote(server, { environment: 'staging' })
      ).id,
    );
    expect(staging.state).toBe('rejected');
    expect(staging.gates.find((g: any) => g.id === 'pipeline')).toEqual(
      expect.objectContaining({
        status: 'failed',
        detail: `pipeline stage vulnerability-scan (https://ci.example.com/runs/7) failed for ${qa.version}`,
      }),
    );
  });

  it('stops the backend for required stages of an unknown environment', async () => {
    await expect(
      start({ pipelines: { requiredStages: { stagign: ['unit-tests'] } } }),
    ).rejects.toThrow(
      /releases\.pipelines\.requiredStages\.stagign: 'stagign' is not an environment/,
    );
  });
});
