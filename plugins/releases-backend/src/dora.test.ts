import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import type { Knex } from 'knex';
import request from 'supertest';
import { releasesPlugin } from './plugin';
import { DatabaseDeploymentStore } from './database/DeploymentStore';
import {
  componentEntity,
  releasesTestDatabases,
  testReleasesConfig,
} from './service/__testUtils__/promotionFixtures';

jest.setTimeout(180_000);

const databases = releasesTestDatabases();

const CART = 'component:default/cart';
const CHECKOUT = 'component:default/checkout';
const SHOP = 'system:default/shop';
const BOB = mockCredentials.user.header('user:default/bob');
const H = 3600;

const SYSTEM: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'team-a' },
};

const RANGE = 'from=2026-01-01T00:00:00Z&to=2026-01-22T00:00:00Z';

/**
 * Cart's repository: GitFixture starts its clock at 2026-01-01 09:00 UTC
 * and moves it one hour per commit and one minute per tag, so c1 is at
 * 10:00, c2 at 11:01 ... c6 at 15:05.
 */
function cartRepository(): GitFixture {
  const app = GitFixture.create();
  app.commit('feat: first'); // c1 10:00
  app.tag('v1.0.0');
  app.commit('feat(cart): coupons'); // c2 11:01
  app.tag('v1.1.0');
  app.commit('feat(cart): wishlist'); // c3 12:02
  app.tag('v1.2.0');
  app.commit('feat(cart): gift cards'); // c4 13:03
  app.tag('v1.3.0');
  app.commit('fix(cart): rounding of gift cards'); // c5 14:04
  app.tag('v1.3.1');
  app.commit('feat(cart): reviews'); // c6 15:05
  app.tag('v1.4.0');
  return app;
}

const at = (iso: string) => new Date(iso);

let promotionCount = 0;
/** A promotion as the engine leaves it, with the events of its end. */
async function promotion(
  knex: Knex,
  p: {
    entityRef?: string;
    environment?: string;
    version: string;
    previousVersion: string | null;
    state: 'succeeded' | 'rolled-back' | 'failed';
    rollback?: boolean;
    /** Events after executing, each [state, at]. */
    events: Array<[string, string]>;
    wroteEnvironment?: boolean;
    productPromotionId?: string;
  },
): Promise<string> {
  promotionCount += 1;
  const id = `00000000-0000-4000-8000-${String(promotionCount).padStart(
    12,
    '0',
  )}`;
  const last = p.events[p.events.length - 1][1];
  await knex('promotions').insert({
    id,
    entity_ref: p.entityRef ?? CART,
    environment: p.environment ?? 'prod',
    requested_version: p.version,
    plan_kind: 'existing',
    version: p.version,
    previous_version: p.previousVersion,
    state: p.state,
    rollback: p.rollback ?? false,
    created_by: 'user:default/bob',
    created_at: at(p.events[0][1]),
    updated_at: at(last),
    execution: JSON.stringify({
      started: p.wroteEnvironment === false ? [] : ['git'],
      handles: {},
    }),
    product_promotion_id: p.productPromotionId ?? null,
  });
  await knex('promotion_events').insert(
    p.events.map(([state, when]) => ({
      promotion_id: id,
      at: at(when),
      state,
      actor: 'system',
    })),
  );
  return id;
}

/** A promotion that succeeded, with the deployment record the engine writes. */
async function succeeded(
  knex: Knex,
  deployments: DatabaseDeploymentStore,
  p: {
    entityRef?: string;
    environment?: string;
    version: string;
    previousVersion: string | null;
    at: string;
    rollback?: boolean;
    productPromotionId?: string;
  },
) {
  const id = await promotion(knex, {
    ...p,
    state: 'succeeded',
    events: [
      ['verifying', p.at],
      ['succeeded', p.at],
    ],
  });
  await deployments.recordDeployment({
    entityRef: p.entityRef ?? CART,
    environment: p.environment ?? 'prod',
    version: p.version,
    sha: null,
    status: 'succeeded',
    runUrl: null,
    actor: 'user:default/bob',
    promotionId: id,
    at: at(p.at),
  });
}

/** A deployment a pipeline reported, without a promotion. */
async function reported(
  deployments: DatabaseDeploymentStore,
  version: string,
  status: 'succeeded' | 'failed',
  when: string,
) {
  await deployments.recordDeployment({
    entityRef: CART,
    environment: 'prod',
    version,
    sha: null,
    status,
    runUrl: 'https://ci.example.com/runs/1',
    actor: 'external:ci',
    promotionId: null,
    at: at(when),
  });
}

/**
 * Three weeks of cart in prod, 2026-01-01 to 2026-01-22 (21 days):
 *
 * d0 01-01 12:00 v1.0.0  first deployment: its release's c1 (10:00), 2 h
 * d1 01-02 11:01 v1.1.0  c2 (01-01 11:01), 24 h (with checkout, product promotion pp-1)
 * d2 01-05 12:00 v1.2.0  rolled back, v1.1.0 back at 12:20 -> failed, restored in 1200 s
 * d3 01-07 12:02 v1.2.0  again: c3 (01-01 12:02) delivered now, 6 days = 518400 s
 *    01-07 12:05         CI reports v1.2.0 succeeded: the same deployment
 * d4 01-12 13:03 v1.3.0  c4 (01-01 13:03), 11 days = 950400 s; hotfix of
 *                        v1.3.0 cut 01-13 08:00 -> failed
 * d5 01-13 14:04 v1.3.1  the hotfix: c5 (01-01 14:04), 12 days = 1036800 s;
 *                        restores d4 after 25 h 1 min = 90060 s
 * d6 01-19 15:05 v1.4.0  c6 (01-01 15:05), 18 days = 1555200 s
 * d7 01-20 15:05 v1.3.1  rollback promotion -> d6 failed, restored after 86400 s
 * d8 01-21 10:00 v1.4.0  CI reports failed -> failed, not restored by 01-22
 *    01-21 11:00         a promotion that failed before writing Git: no deployment
 *    01-03 10:00         a promotion to staging: not prod
 *    01-23 10:00         v1.4.0 succeeds, after the range: ignored
 *
 * Deployments d0..d8 = 9: 9/21 = 3/7 a day, 3 a week -> high.
 * Failed d2 d4 d6 d8 = 4/9 -> low (40 % or more).
 * Restore times 1200, 90060, 86400 s: median 86400 s (a day) -> medium; 1 unrestored.
 * Rework: d5 (hotfix), d7 (rollback) = 2/9.
 * Lead times 7200 86400 518400 950400 1036800 1555200 s: median
 *   (518400 + 950400) / 2 = 734400 s (8.5 days) -> medium; p90 (6th of 6) 1555200 s.
 */
async function writeHistory(knex: Knex) {
  const deployments = new DatabaseDeploymentStore(knex);
  await succeeded(knex, deployments, {
    version: 'v1.0.0',
    previousVersion: null,
    at: '2026-01-01T12:00:00Z',
  });
  await succeeded(knex, deployments, {
    version: 'v1.1.0',
    previousVersion: 'v1.0.0',
    at: '2026-01-02T11:01:00Z',
    productPromotionId: 'pp-1',
  });
  await succeeded(knex, deployments, {
    entityRef: CHECKOUT,
    version: 'v1.0.0',
    previousVersion: null,
    at: '2026-01-02T11:01:00Z',
    productPromotionId: 'pp-1',
  });
  await succeeded(knex, deployments, {
    environment: 'staging',
    version: 'v1.1.0',
    previousVersion: null,
    at: '2026-01-03T10:00:00Z',
  });
  await promotion(knex, {
    version: 'v1.2.0',
    previousVersion: 'v1.1.0',
    state: 'rolled-back',
    events: [
      ['verifying', '2026-01-05T11:50:00Z'],
      ['rolling-back', '2026-01-05T12:00:00Z'],
      ['rolled-back', '2026-01-05T12:20:00Z'],
    ],
  });
  await succeeded(knex, deployments, {
    version: 'v1.2.0',
    previousVersion: 'v1.1.0',
    at: '2026-01-07T12:02:00Z',
  });
  await reported(deployments, 'v1.2.0', 'succeeded', '2026-01-07T12:05:00Z');
  await succeeded(knex, deployments, {
    version: 'v1.3.0',
    previousVersion: 'v1.2.0',
    at: '2026-01-12T13:03:00Z',
  });
  await knex('hotfixes').insert({
    entity_ref: CART,
    fix_sha: 'a'.repeat(40),
    target: 'v1.3.0',
    branch: 'release/1.3',
    sha: 'b'.repeat(40),
    tag: 'v1.3.1',
    promotion_id: null,
    by: 'user:default/bob',
    at: at('2026-01-13T08:00:00Z'),
  });
  await succeeded(knex, deployments, {
    version: 'v1.3.1',
    previousVersion: 'v1.3.0',
    at: '2026-01-13T14:04:00Z',
  });
  await succeeded(knex, deployments, {
    version: 'v1.4.0',
    previousVersion: 'v1.3.1',
    at: '2026-01-19T15:05:00Z',
  });
  await succeeded(knex, deployments, {
    version: 'v1.3.1',
    previousVersion: 'v1.4.0',
    at: '2026-01-20T15:05:00Z',
    rollback: true,
  });
  await reported(deployments, 'v1.4.0', 'failed', '2026-01-21T10:00:00Z');
  await promotion(knex, {
    version: 'v1.4.0',
    previousVersion: 'v1.3.1',
    state: 'failed',
    wroteEnvironment: false,
    events: [['failed', '2026-01-21T11:00:00Z']],
  });
  await reported(deployments, 'v1.4.0', 'succeeded', '2026-01-23T10:00:00Z');
}

describe.each(databases.eachSupportedId())('DORA metrics on %p', databaseId => {
  let cart: GitFixture;
  let checkout: GitFixture;

  beforeEach(() => {
    cart = cartRepository();
    checkout = GitFixture.create();
    checkout.commit('feat: checkout'); // 2026-01-01 10:00
    checkout.tag('v1.0.0');
  });
  afterEach(() => {
    cart.cleanup();
    checkout.cleanup();
  });

  async function start() {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        releasesPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { releases: testReleasesConfig() },
        }),
        catalogServiceMock.factory({
          entities: [
            componentEntity('cart', { gitRepo: cart.dir, system: 'shop' }),
            componentEntity('checkout', {
              gitRepo: checkout.dir,
              system: 'shop',
            }),
            SYSTEM,
          ],
        }),
      ],
    });
    await writeHistory(knex);
    return { server, knex };
  }

  const get = (server: any, query: string) =>
    request(server)
      .get(`/api/releases/dora?${query}`)
      .set('Authorization', BOB);

  it('computes the figures of a component from promotions, reports, hotfixes and the commits of its releases', async () => {
    // The hand computation above rests on these commit times.
    expect(cart.git('log', '-1', '--format=%aI', 'v1.0.0')).toBe(
      '2026-01-01T10:00:00+00:00',
    );
    expect(cart.git('log', '-1', '--format=%aI', 'v1.4.0')).toBe(
      '2026-01-01T15:05:00+00:00',
    );
    const { server } = await start();
    const res = await get(
      server,
      `entityRef=${encodeURIComponent(CART)}&${RANGE}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: CART,
      environment: 'prod',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-22T00:00:00.000Z',
      bucket: 'week',
    });
    expect(res.body.deploymentFrequency).toEqual({
      deployments: 9,
      perDay: 9 / 21,
      perWeek: 3,
      band: 'high',
      reason: null,
    });
    expect(res.body.leadTime).toEqual({
      commits: 6,
      medianSeconds: 734400,
      p90Seconds: 1555200,
      band: 'medium',
      reason: null,
    });
    expect(res.body.changeFailureRate).toEqual({
      failed: 4,
      rate: 4 / 9,
      band: 'low',
      reason: null,
    });
    expect(res.body.timeToRestore).toEqual({
      restored: 3,
      unrestored: 1,
      medianSeconds: 86400,
      band: 'medium',
      reason: null,
    });
    expect(res.body.reworkRate).toEqual({
      rework: 2,
      rate: 2 / 9,
      band: null,
      reason: null,
    });
    expect(
      res.body.series.map((p: any) => [
        p.start,
        p.deployments,
        p.failed,
        p.rework,
        p.leadTimeMedianSeconds,
        p.timeToRestoreMedianSeconds,
      ]),
    ).toEqual([
      // d0 d1 d2 d3: lead 2 h, 24 h, 6 days; d2 restored in 1200 s
      ['2026-01-01T00:00:00.000Z', 4, 1, 0, 24 * H, 1200],
      // d4 d5: lead 11 and 12 days; d4 restored in 25 h 1 min
      ['2026-01-08T00:00:00.000Z', 2, 1, 1, 11.5 * 24 * H, 25 * H + 60],
      // d6 d7 d8: lead 18 days; d6 restored in 24 h, d8 not
      ['2026-01-15T00:00:00.000Z', 3, 2, 1, 18 * 24 * H, 24 * H],
    ]);
  });

  it('counts a product over its components, and a product promotion once as a product deployment', async () => {
    const { server } = await start();
    const res = await get(
      server,
      `system=${encodeURIComponent(SHOP)}&${RANGE}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.system).toBe(SHOP);
    expect(res.body.components).toEqual([CART, CHECKOUT]);
    // Cart's 9 and checkout's v1.0.0 (part of pp-1, like cart's d1).
    expect(res.body.deploymentFrequency.deployments).toBe(10);
    expect(res.body.productDeployments).toBe(1);
    // 4 of 10 failed: 40 % is low.
    expect(res.body.changeFailureRate).toMatchObject({
      rate: 0.4,
      band: 'low',
    });
    // Checkout's commit (01-01 10:00) ran 01-02 11:01: 90060 s joins cart's
    // six; the 4th of 7 sorted is 518400 s.
    expect(res.body.leadTime).toMatchObject({
      commits: 7,
      medianSeconds: 518400,
    });
  });

  it('measures another environment when asked, and answers null with a reason for a range without deployments', async () => {
    const { server } = await start();
    const staging = await get(
      server,
      `entityRef=${encodeURIComponent(CART)}&${RANGE}&environment=staging`,
    );
    expect(staging.status).toBe(200);
    expect(staging.body.environment).toBe('staging');
    expect(staging.body.deploymentFrequency.deployments).toBe(1);
    expect(staging.body.changeFailureRate.rate).toBe(0);

    const empty = await get(
      server,
      `entityRef=${encodeURIComponent(
        CART,
      )}&from=2025-06-01&to=2025-07-01&bucket=day`,
    );
    expect(empty.status).toBe(200);
    expect(empty.body.series).toHaveLength(30);
    const reason =
      'no deployments from 2025-06-01T00:00:00.000Z to 2025-07-01T00:00:00.000Z';
    expect(empty.body.deploymentFrequency).toMatchObject({
      deployments: 0,
      perDay: null,
      reason,
    });
    expect(empty.body.changeFailureRate).toMatchObject({ rate: null, reason });
    expect(empty.body.leadTime).toMatchObject({ medianSeconds: null, reason });
  });

  const C = `entityRef=${encodeURIComponent(CART)}`;
  it.each([
    [
      'a bad entity reference',
      'entityRef=not%20a%20ref',
      "Invalid query: entityRef 'not a ref' is not a valid entity reference",
    ],
    [
      'neither entityRef nor system',
      '',
      'Invalid query: entityRef is required (or system, for a product)',
    ],
    [
      'both entityRef and system',
      `${C}&system=${encodeURIComponent(SHOP)}`,
      'Invalid query: system cannot be given with entityRef',
    ],
    [
      'from after to',
      `${C}&from=2026-02-01&to=2026-01-01`,
      'Invalid query: from must be before to (2026-01-01T00:00:00.000Z)',
    ],
    [
      'a range over a year',
      `${C}&from=2025-01-01&to=2026-01-03`,
      'Invalid query: to is more than 366 days after from',
    ],
    [
      'an unparsable date',
      `${C}&from=yesterday`,
      'Invalid query: from must be a date (2026-12-01) or an ISO 8601 timestamp',
    ],
    [
      'a timestamp without a time zone',
      `${C}&to=2026-01-01T10:00:00`,
      'Invalid query: to must be a date',
    ],
    [
      'a date given twice',
      `${C}&to=2026-01-01&to=2026-01-02`,
      'Invalid query: to must be given once',
    ],
    [
      'an unknown environment',
      `${C}&environment=moon`,
      "Invalid query: environment 'moon' is not one of dev, qa, staging, canary, prod",
    ],
    ['an unknown bucket', `${C}&bucket=month`, 'Invalid query: bucket'],
    [
      'a System as entityRef',
      `entityRef=${encodeURIComponent(SHOP)}`,
      'system:default/shop is a System; this takes a Component',
    ],
  ])('refuses %s with a 400 naming it', async (_what, query, message) => {
    const { server } = await start();
    const res = await get(server, query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('answers 404 for a component the catalog does not show', async () => {
    const { server } = await start();
    const res = await get(server, 'entityRef=component:default/ghost');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('component:default/ghost');
  });
});
