import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { releasesExecutorsExtensionPoint } from '@releases-for-backstage/plugin-releases-node';
import { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import request from 'supertest';
import { releasesPlugin } from './plugin';
import {
  componentEntity,
  releasesTestDatabases,
  testReleasesConfig,
  waitForPromotion,
} from './service/__testUtils__/promotionFixtures';

jest.setTimeout(180_000);

const databases = releasesTestDatabases();
const SHOP = 'system:default/shop';
const BOB = mockCredentials.user.header('user:default/bob');
const ALICE = mockCredentials.user.header('user:default/alice');

/** A deploy step that refuses one version, as a failing rollout would. */
function deployModule(refuse: string | null) {
  const seen: string[] = [];
  const module = createBackendModule({
    pluginId: 'releases',
    moduleId: 'test-deploy',
    register(env) {
      env.registerInit({
        deps: { executors: releasesExecutorsExtensionPoint },
        async init({ executors }) {
          executors.addExecutor({
            id: 'deploy',
            async execute(execution) {
              seen.push(
                `${execution.undo ? 'undo' : 'do'} ${execution.component} ${
                  execution.version
                }`,
              );
              if (!execution.undo && execution.version === refuse) {
                throw new Error(`image ${execution.version} does not start`);
              }
              return { ok: true };
            },
          });
        },
      });
    },
  });
  return { module, seen };
}

describe.each(databases.eachSupportedId())(
  'product promotions on %p',
  databaseId => {
    let cart: GitFixture;
    let checkout: GitFixture;
    let envRepo: GitFixture;
    let scratch: string;
    let productRepo: string;

    /** A final release made from its candidate, as prod makes it. */
    function release(repo: GitFixture, message: string, version: string) {
      repo.commit(message);
      repo.tag(`v${version}-rc.1`);
      repo.tag(`v${version}`);
    }

    beforeEach(() => {
      cart = GitFixture.create();
      release(cart, 'feat(cart): basket', '1.0.0');
      checkout = GitFixture.create();
      release(checkout, 'feat(checkout): pay', '2.3.0');
      envRepo = GitFixture.create();
      envRepo.commit('chore: environments');
      const seed = GitFixture.create();
      seed.commit('chore: product repository');
      scratch = mkdtempSync(join(tmpdir(), 'releases-product-promotions-'));
      productRepo = join(scratch, 'shop.git');
      seed.git('clone', '--quiet', '--bare', seed.dir, productRepo);
      seed.cleanup();
    });
    afterEach(() => {
      cart.cleanup();
      checkout.cleanup();
      envRepo.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    async function start(
      options: {
        extra?: any[];
        entities?: Entity[];
        permission?: 'allow' | 'cart-only';
        releases?: Record<string, unknown>;
      } = {},
    ) {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              releases: {
                ...testReleasesConfig({ requireApproval: ['staging'] }),
                ...options.releases,
              },
            },
          }),
          options.permission === 'cart-only'
            ? mockServices.permissions.mock({
                authorize: jest.fn(async (requests: any[]) =>
                  requests.map(r => ({
                    result:
                      r.resourceRef === 'component:default/checkout'
                        ? AuthorizeResult.DENY
                        : AuthorizeResult.ALLOW,
                  })),
                ),
                authorizeConditional: jest.fn(),
              } as any).factory
            : mockServices.permissions.factory({
                result: AuthorizeResult.ALLOW,
              }),
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'System',
                metadata: {
                  name: 'shop',
                  namespace: 'default',
                  annotations: {
                    'releases-for-backstage.io/product-repo': productRepo,
                    'releases-for-backstage.io/environment-repo': envRepo.dir,
                  },
                },
                spec: { owner: 'team-a' },
              },
              componentEntity('cart', { gitRepo: cart.dir, system: 'shop' }),
              componentEntity('checkout', {
                gitRepo: checkout.dir,
                system: 'shop',
              }),
              ...(options.entities ?? []),
            ],
          }),
          ...(options.extra ?? []),
        ],
      });
      return { server, knex };
    }

    const cut = async (server: any) => {
      const res = await request(server)
        .post('/api/releases/products/releases')
        .set('Authorization', BOB)
        .send({ system: SHOP });
      expect(res.status).toBe(201);
      return res.body;
    };
    const promote = (server: any, body: object, authorization = BOB) =>
      request(server)
        .post('/api/releases/products/promotions')
        .set('Authorization', authorization)
        .send({ system: SHOP, ...body });
    const get = (server: any, id: string) =>
      request(server)
        .get(`/api/releases/products/promotions/${id}`)
        .set('Authorization', BOB);
    async function waitForProduct(server: any, id: string) {
      let last;
      for (let i = 0; i < 300; i++) {
        const res = await get(server, id);
        last = res.body;
        if (!['active', 'rolling-back'].includes(res.body.state))
          return res.body;
        await new Promise(r => setTimeout(r, 100));
      }
      throw new Error(
        `product promotion ${id} did not finish: ${JSON.stringify(last)}`,
      );
    }
    const branch = (env: string) => {
      try {
        return envRepo.git(
          'rev-parse',
          '--verify',
          '--quiet',
          `environment/${env}`,
        );
      } catch {
        return '';
      }
    };
    const fileOn = (env: string) =>
      envRepo.git('show', `environment/${env}:environment.yaml`);
    const commitsOn = (env: string) =>
      envRepo
        .git('log', '--format=%s', `environment/${env}`)
        .split('\n')
        .filter(Boolean);
    const counts = async (knex: any) => ({
      promotions: Number((await knex('promotions').count({ n: '*' }))[0].n),
      products: Number(
        (await knex('product_promotions').count({ n: '*' }))[0].n,
      ),
      audit: Number((await knex('audit_log').count({ n: '*' }))[0].n),
    });

    it('takes one vote for the whole product, all or none, and ships when every role said go', async () => {
      const member = (name: string, group: string): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name, namespace: 'default' },
        spec: { memberOf: [group] },
        relations: [{ type: 'memberOf', targetRef: `group:default/${group}` }],
      });
      const { server, knex } = await start({
        releases: {
          votes: {
            environments: ['qa'],
            roles: { sre: ['group:default/sre'], qa: ['group:default/qa'] },
          },
        },
        entities: [member('alice', 'sre'), member('carol', 'qa')],
      });
      await cut(server);
      const res = await promote(server, {
        version: '1.0.0',
        environment: 'qa',
      });
      expect(res.status).toBe(201);
      const id = res.body.id;
      const memberIds = res.body.members.map((m: any) => m.promotionId);
      for (const m of memberIds) {
        await waitForPromotion(server, m, ['waiting-for-gates'], {
          authorization: BOB,
        });
      }
      const vote = (who: string, body: object) =>
        request(server)
          .post(`/api/releases/products/promotions/${id}/votes`)
          .set(
            'Authorization',
            mockCredentials.user.header(`user:default/${who}`),
          )
          .send(body);
      const votes = async () =>
        (await knex('promotion_votes').orderBy('id')).map((v: any) => [
          v.promotion_id,
          v.role,
          v.decision,
          v.voter,
        ]);

      // Refused before anything is written: a role qa lacks, a person outside the role.
      const unknownRole = await vote('alice', {
        role: 'security',
        decision: 'go',
        reason: 'scanned',
      });
      expect(unknownRole.status).toBe(400);
      expect(unknownRole.body.error.message).toBe(
        "Invalid request body: role 'security' does not vote in qa; its roles are sre, qa",
      );
      const outsider = await vote('bob', {
        role: 'sre',
        decision: 'go',
        reason: 'looks fine',
      });
      expect(outsider.status).toBe(403);
      expect(outsider.body.error.message).toBe(
        'user:default/bob may not vote for sre: only members of group:default/sre do',
      );
      expect(await votes()).toEqual([]);

      const sre = await vote('alice', {
        role: 'sre',
        decision: 'go',
        reason: 'dashboards calm',
      });
      expect(sre.status).toBe(201);
      expect(sre.body.productPromotionId).toBe(id);
      expect(await votes()).toEqual(
        memberIds.map((m: string) => [m, 'sre', 'go', 'user:default/alice']),
      );
      // Still waiting for qa's vote, every component alike.
      for (const m of memberIds) {
        const p = await request(server)
          .get(`/api/releases/promotions/${m}`)
          .set('Authorization', BOB);
        expect(p.body.state).toBe('waiting-for-gates');
      }
      expect(branch('qa')).toBe('');

      expect(
        (await vote('carol', { role: 'qa', decision: 'go', reason: 'tested' }))
          .status,
      ).toBe(201);
      const done = await waitForProduct(server, id);
      expect(done.state).toBe('succeeded');
      expect(commitsOn('qa')).toEqual(['promote(shop): v1.0.0 to qa']);
      expect(
        (await knex('audit_log').where({ action: 'promotion-vote' })).length,
      ).toBe(4);

      // Nothing waits for votes any more.
      const late = await vote('alice', {
        role: 'sre',
        decision: 'no-go',
        reason: 'too late',
      });
      expect(late.status).toBe(409);
      expect(late.body.error.message).toBe(
        `Product promotion ${id} is succeeded; none of its components waits for votes`,
      );
      const missing = await request(server)
        .post('/api/releases/products/promotions/nope/votes')
        .set('Authorization', BOB)
        .send({ role: 'sre', decision: 'go', reason: 'x' });
      expect(missing.status).toBe(404);
      expect((await votes()).length).toBe(4);
    });

    it('moves every component to qa in one commit, by the qa rule, and says what qa runs', async () => {
      const { server, knex } = await start();
      const product = await cut(server);
      expect(product.tag).toBe('v1.0.0');

      const res = await promote(server, {
        version: '1.0.0',
        environment: 'qa',
        reason: 'first look',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        system: SHOP,
        version: '1.0.0',
        tag: 'v1.0.0',
        environment: 'qa',
        createdBy: 'user:default/bob',
        skipped: [],
      });
      // qa runs candidates: the rc each final was made from.
      expect(
        res.body.members.map((m: any) => [
          m.component,
          m.manifestVersion,
          m.version,
        ]),
      ).toEqual([
        ['cart', '1.0.0', 'v1.0.0-rc.1'],
        ['checkout', '2.3.0', 'v2.3.0-rc.1'],
      ]);

      const done = await waitForProduct(server, res.body.id);
      expect(done.state).toBe('succeeded');
      expect(done.members.map((m: any) => m.state)).toEqual([
        'succeeded',
        'succeeded',
      ]);
      // One commit on the branch records both.
      expect(commitsOn('qa')).toEqual(['promote(shop): v1.0.0 to qa']);
      expect(branch('qa')).toBe(done.commit);
      const file = fileOn('qa');
      expect(file).toMatch(/cart:\n\s+version: v1\.0\.0-rc\.1/);
      expect(file).toMatch(/checkout:\n\s+version: v2\.3\.0-rc\.1/);
      const message = envRepo.git('log', '-1', '--format=%B', 'environment/qa');
      expect(message).toContain(`Product-Promotion-Id: ${done.id}`);
      for (const m of done.members) {
        expect(message).toContain(`Promotion-Id: ${m.promotionId}`);
        const member = await waitForPromotion(
          server,
          m.promotionId,
          ['succeeded'],
          { authorization: BOB },
        );
        expect(member.productPromotionId).toBe(done.id);
      }

      const envs = await request(server)
        .get(`/api/releases/products/environments?system=${SHOP}`)
        .set('Authorization', BOB);
      expect(envs.status).toBe(200);
      const qa = envs.body.environments.find(
        (e: any) => e.environment === 'qa',
      );
      expect(qa).toMatchObject({
        product: { version: '1.0.0', tag: 'v1.0.0' },
        mixed: false,
      });
      const staging = envs.body.environments.find(
        (e: any) => e.environment === 'staging',
      );
      expect(staging).toMatchObject({ product: null, mixed: false });

      const list = await request(server)
        .get(`/api/releases/products/promotions?system=${SHOP}`)
        .set('Authorization', BOB);
      expect(list.body.items.map((p: any) => [p.id, p.state])).toEqual([
        [done.id, 'succeeded'],
      ]);
      expect(
        await knex('audit_log')
          .where({ action: 'product-promotion-create' })
          .select('actor', 'entity_ref', 'environment'),
      ).toEqual([
        { actor: 'user:default/bob', entity_ref: SHOP, environment: 'qa' },
      ]);

      // Again: every component already runs its version.
      const again = await promote(server, {
        version: 'v1.0.0',
        environment: 'qa',
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        'qa already runs shop 1.0.0: every component is at its version',
      );

      // One component moves on: qa is mixed until the next product release.
      release(checkout, 'feat(checkout): wallets', '2.4.0');
      const single = await request(server)
        .post('/api/releases/promotions')
        .set('Authorization', BOB)
        .send({
          entityRef: 'component:default/checkout',
          environment: 'qa',
          version: 'v2.4.0-rc.1',
        });
      expect(single.status).toBe(201);
      await waitForPromotion(server, single.body.id, ['succeeded'], {
        authorization: BOB,
      });
      const mixed = await request(server)
        .get(`/api/releases/products/environments?system=${SHOP}`)
        .set('Authorization', BOB);
      expect(
        mixed.body.environments.find((e: any) => e.environment === 'qa'),
      ).toMatchObject({ product: null, mixed: true });
    });

    it('refuses, writing nothing, when one component cannot go', async () => {
      const payments = GitFixture.create();
      try {
        // A final release without a candidate (a hotfix) goes as itself.
        payments.commit('feat(payments): cards');
        payments.tag('v3.0.0');
        const { server, knex } = await start({
          entities: [
            componentEntity('payments', {
              gitRepo: payments.dir,
              system: 'shop',
            }),
          ],
        });
        await cut(server);
        const planned = await promote(server, {
          version: '1.0.0',
          environment: 'dev',
          idempotencyKey: 'dev-1',
        });
        expect(planned.status).toBe(201);
        expect(
          planned.body.members.map((m: any) => [m.component, m.version]),
        ).toEqual([
          ['cart', 'v1.0.0'],
          ['checkout', 'v2.3.0'],
          ['payments', 'v3.0.0'],
        ]);
        expect((await waitForProduct(server, planned.body.id)).state).toBe(
          'succeeded',
        );
        // The tag the manifest names is gone: payments cannot go, so none does.
        payments.git('tag', '-d', 'v3.0.0');
        const before = await counts(knex);

        const noTag = await promote(server, {
          version: '1.0.0',
          environment: 'qa',
        });
        expect(noTag.status).toBe(400);
        expect(noTag.body.error.message).toBe(
          'payments 3.0.0: the product release names tag v3.0.0, which its repository does not have',
        );
        const unknown = await promote(server, {
          version: '9.9.9',
          environment: 'qa',
        });
        expect(unknown.status).toBe(400);
        expect(unknown.body.error.message).toBe(
          `${SHOP} has no product release '9.9.9'; its releases are v1.0.0`,
        );
        for (const [body, message] of [
          [
            { version: '1.0.0', environment: 'moon' },
            /Unknown environment 'moon'/,
          ],
          [{ version: '1.0.0' }, /environment is required/],
          [
            { version: '1.0.0; rm -rf', environment: 'qa' },
            /version must be a product version or tag/,
          ],
          [
            { version: '1.0.0', environment: 'qa', extra: 1 },
            /Unrecognized key/,
          ],
        ] as const) {
          const bad = await promote(server, body);
          expect({ body, status: bad.status }).toEqual({ body, status: 400 });
          expect(bad.body.error.message).toMatch(message);
        }
        expect(await counts(knex)).toEqual(before);
        expect(branch('qa')).toBe('');
      } finally {
        payments.cleanup();
      }
    });

    it('refuses a component the caller may not promote, writing nothing', async () => {
      const { server, knex } = await start({ permission: 'cart-only' });
      await cut(server);
      const before = await counts(knex);
      const res = await promote(server, {
        version: '1.0.0',
        environment: 'qa',
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Not allowed: releases.promotion.create on component:default/checkout',
      );
      expect(await counts(knex)).toEqual(before);
      expect(branch('qa')).toBe('');
    });

    it('stops every component, writing nothing, when one is rejected or already busy', async () => {
      const { server, knex } = await start();
      await cut(server);
      // staging needs an approval: a waiting promotion holds cart's slot.
      const busy = await request(server)
        .post('/api/releases/promotions')
        .set('Authorization', BOB)
        .send({
          entityRef: 'component:default/cart',
          environment: 'staging',
          version: 'v1.0.0',
        });
      expect(busy.status).toBe(201);
      const before = await counts(knex);
      const conflict = await promote(server, {
        version: '1.0.0',
        environment: 'staging',
      });
      expect(conflict.status).toBe(409);
      expect(conflict.body.error.message).toBe(
        `cart 1.0.0: Promotion ${busy.body.id} is already active for component:default/cart in staging`,
      );
      expect(await counts(knex)).toEqual(before);
      await request(server)
        .post(`/api/releases/promotions/${busy.body.id}/abort`)
        .set('Authorization', BOB)
        .send({});

      const res = await promote(server, {
        version: '1.0.0',
        environment: 'staging',
        idempotencyKey: 'shop-staging-1',
      });
      expect(res.status).toBe(201);
      // A double click gets the same product promotion.
      const twice = await promote(server, {
        version: '1.0.0',
        environment: 'staging',
        idempotencyKey: 'shop-staging-1',
      });
      expect(twice.status).toBe(200);
      expect(twice.body.id).toBe(res.body.id);
      const [cartMember, checkoutMember] = res.body.members;
      await waitForPromotion(
        server,
        cartMember.promotionId,
        ['waiting-for-gates'],
        {
          authorization: BOB,
        },
      );
      const approved = await request(server)
        .post(`/api/releases/promotions/${cartMember.promotionId}/approve`)
        .set('Authorization', ALICE)
        .send({});
      expect(approved.status).toBe(200);
      await waitForPromotion(
        server,
        checkoutMember.promotionId,
        ['waiting-for-gates'],
        {
          authorization: BOB,
        },
      );
      const rejected = await request(server)
        .post(`/api/releases/promotions/${checkoutMember.promotionId}/reject`)
        .set('Authorization', ALICE)
        .send({ reason: 'payments provider is down' });
      expect(rejected.status).toBe(200);

      const done = await waitForProduct(server, res.body.id);
      expect(done.state).toBe('rejected');
      expect(done.commit).toBeNull();
      expect(done.members.map((m: any) => [m.component, m.state])).toEqual([
        ['cart', 'aborted'],
        ['checkout', 'rejected'],
      ]);
      expect(done.members[0].reason).toBe(
        'product promotion v1.0.0 to staging stopped: checkout rejected: payments provider is down',
      );
      // Nothing reached the branch, and cart's approval did not tag or record anything.
      expect(branch('staging')).toBe('');
    });

    it('puts every component back in one revert commit when one fails half-way', async () => {
      const deploy = deployModule('v2.4.0-rc.1');
      const { server } = await start({ extra: [deploy.module] });
      await cut(server);
      const first = await promote(server, {
        version: '1.0.0',
        environment: 'qa',
      });
      expect((await waitForProduct(server, first.body.id)).state).toBe(
        'succeeded',
      );
      const runningBefore = fileOn('qa');

      release(cart, 'feat(cart): coupons', '1.1.0');
      release(checkout, 'feat(checkout): wallets', '2.4.0');
      const second = await cut(server);
      expect(second.tag).toBe('v1.1.0');
      const res = await promote(server, {
        version: '1.1.0',
        environment: 'qa',
      });
      expect(res.status).toBe(201);
      const done = await waitForProduct(server, res.body.id);
      expect(done.state).toBe('rolled-back');
      expect(done.reason).toMatch(
        /^checkout: deploy failed: image v2\.4\.0-rc\.1 does not start/,
      );
      expect(done.members.map((m: any) => [m.component, m.state])).toEqual([
        ['cart', 'rolled-back'],
        ['checkout', 'rolled-back'],
      ]);
      // One commit forward, one commit back; qa runs what it ran before.
      expect(commitsOn('qa')).toEqual([
        'Revert "promote(shop): v1.1.0 to qa"',
        'promote(shop): v1.1.0 to qa',
        'promote(shop): v1.0.0 to qa',
      ]);
      expect(branch('qa')).toBe(done.revertCommit);
      const back = fileOn('qa');
      expect(back.replace(/updatedAt: .*/g, '')).toBe(
        runningBefore.replace(/updatedAt: .*/g, ''),
      );
      // Checkout's deploy ran first and was undone; cart's never started,
      // but its entry went back with the same revert.
      expect(deploy.seen.slice(2)).toEqual([
        'do checkout v2.4.0-rc.1',
        'undo checkout v2.3.0-rc.1',
      ]);
      const cartMember = await waitForPromotion(
        server,
        done.members[0].promotionId,
        ['rolled-back'],
        { authorization: BOB },
      );
      expect(cartMember.reason).toMatch(
        /^product promotion v1\.1\.0 to qa is rolled back: checkout: deploy failed/,
      );
      const envs = await request(server)
        .get(`/api/releases/products/environments?system=${SHOP}`)
        .set('Authorization', BOB);
      expect(
        envs.body.environments.find((e: any) => e.environment === 'qa'),
      ).toMatchObject({ product: { version: '1.0.0' }, mixed: false });
    });
  },
);
