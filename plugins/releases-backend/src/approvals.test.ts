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
  testReleasesConfig,
  waitForPromotion as waitFor,
  releasesTestDatabases,
} from './service/__testUtils__/promotionFixtures';

jest.setTimeout(120_000);

const databases = releasesTestDatabases();

const CART = 'component:default/cart';
const BOB = mockCredentials.user.header('user:default/bob');

describe.each(databases.eachSupportedId())(
  'manual approval on %p',
  databaseId => {
    let app: GitFixture;
    let envRepo: GitFixture;
    let cleanup: () => void;

    beforeEach(() => {
      ({ app, envRepo, cleanup } = createCartRepositories());
    });
    afterEach(() => cleanup());

    async function start(
      options: {
        permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
        allowSelfApproval?: boolean;
      } = {},
    ) {
      const knex = await databases.init(databaseId);
      const entities = [
        componentEntity('cart', {
          gitRepo: app.dir,
          environmentRepo: envRepo.dir,
        }),
      ];
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              releases: testReleasesConfig({
                requireApproval: ['qa', 'prod'],
                allowSelfApproval: options.allowSelfApproval ?? false,
              }),
            },
          }),
          mockServices.permissions.factory({
            result: options.permission ?? AuthorizeResult.ALLOW,
          }),
          catalogServiceMock.factory({ entities }),
        ],
      });
      return { server, knex };
    }

    async function requestQa(server: any) {
      const res = await request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: CART, environment: 'qa' });
      expect(res.status).toBe(201);
      return waitFor(server, res.body.id, ['waiting-for-gates', ...FINISHED]);
    }

    const qaBranch = () => envRepo.git('branch', '--list', 'environment/qa');

    it('waits for approval before writing anything, then runs when someone else approves', async () => {
      const { server, knex } = await start();
      const waiting = await requestQa(server);
      expect(waiting).toMatchObject({
        state: 'waiting-for-gates',
        reason:
          'waiting for approval: approval by someone other than user:default/mock',
        gates: [
          {
            id: 'approval',
            status: 'pending',
            required: true,
            detail: 'approval by someone other than user:default/mock',
          },
        ],
      });
      // Nothing tagged or recorded while it waits.
      expect(app.git('tag', '--list', 'v1.1.0-rc.*')).toBe('');
      expect(qaBranch()).toBe('');

      const approved = await request(server)
        .post(`/api/releases/promotions/${waiting.id}/approve`)
        .set('Authorization', BOB)
        .send({ reason: 'smoke tests green' });
      expect(approved.status).toBe(200);
      expect(approved.body.state).toBe('approved');

      const done = await waitFor(server, waiting.id);
      expect(done.state).toBe('succeeded');
      expect(done.events.map((e: any) => [e.state, e.actor])).toEqual([
        ['requested', 'user:default/mock'],
        ['waiting-for-gates', 'releases:engine'],
        ['approved', 'user:default/bob'],
        ['executing', 'releases:engine'],
        ['verifying', 'releases:engine'],
        ['succeeded', 'releases:engine'],
      ]);
      expect(done.events[2].reason).toBe('smoke tests green');
      expect(app.git('tag', '--list', 'v1.1.0-rc.*')).toBe('v1.1.0-rc.1');
      expect(envRepo.git('show', 'environment/qa:environment.yaml')).toContain(
        'version: v1.1.0-rc.1',
      );

      const audit = await knex('audit_log').where({
        action: 'promotion-approve',
      });
      expect(audit).toHaveLength(1);
      expect(audit[0].actor).toBe('user:default/bob');
    });

    it('refuses the requester approving their own promotion, unless configured', async () => {
      const { server } = await start();
      const waiting = await requestQa(server);
      const self = await request(server)
        .post(`/api/releases/promotions/${waiting.id}/approve`)
        .send({});
      expect(self.status).toBe(403);
      expect(self.body.error.message).toMatch(
        /user:default\/mock requested promotion .* and cannot approve it/,
      );
      const still = await request(server).get(
        `/api/releases/promotions/${waiting.id}`,
      );
      expect(still.body.state).toBe('waiting-for-gates');
    });

    it('lets the requester approve when self-approval is allowed', async () => {
      const { server } = await start({ allowSelfApproval: true });
      const waiting = await requestQa(server);
      const self = await request(server)
        .post(`/api/releases/promotions/${waiting.id}/approve`)
        .send({});
      expect(self.status).toBe(200);
      expect((await waitFor(server, waiting.id)).state).toBe('succeeded');
    });

    it('runs an approval that arrives while the engine is busy with another promotion', async () => {
      const { server } = await start();
      const waiting = await requestQa(server);
      // A dev promotion starts a pass that spends a while in Git; the approval
      // lands during that pass, whose trigger the scheduler drops.
      const dev = await request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: CART, environment: 'dev' });
      expect(dev.status).toBe(201);
      await waitFor(server, dev.body.id, [
        'executing',
        'verifying',
        ...FINISHED,
      ]);
      const approved = await request(server)
        .post(`/api/releases/promotions/${waiting.id}/approve`)
        .set('Authorization', BOB)
        .send({});
      expect(approved.status).toBe(200);
      expect((await waitFor(server, dev.body.id)).state).toBe('succeeded');
      expect((await waitFor(server, waiting.id)).state).toBe('succeeded');
    });

    it('rejects with a reason: nothing is written and the environment is free again', async () => {
      const { server } = await start();
      const waiting = await requestQa(server);

      const noReason = await request(server)
        .post(`/api/releases/promotions/${waiting.id}/reject`)
        .set('Authorization', BOB)
        .send({});
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toMatch(/reason/);

      const rejected = await request(server)
        .post(`/api/releases/promotions/${waiting.id}/reject`)
        .set('Authorization', BOB)
        .send({ reason: 'freeze until Monday' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        state: 'rejected',
        reason: 'freeze until Monday',
      });
      expect(app.git('tag', '--list', 'v1.1.0-rc.*')).toBe('');
      expect(qaBranch()).toBe('');

      // The rejected promotion no longer holds the environment.
      const again = await request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: CART, environment: 'qa' });
      expect(again.status).toBe(201);

      const late = await request(server)
        .post(`/api/releases/promotions/${waiting.id}/approve`)
        .set('Authorization', BOB)
        .send({});
      expect(late.status).toBe(409);
      expect(late.body.error.message).toContain(
        'is rejected, not waiting for approval',
      );
    });

    it('answers 404 for an unknown promotion', async () => {
      const { server } = await start();
      const unknown = await request(server)
        .post(
          '/api/releases/promotions/00000000-0000-4000-8000-000000000000/approve',
        )
        .set('Authorization', BOB)
        .send({});
      expect(unknown.status).toBe(404);
    });

    it('does not make environments without the setting wait', async () => {
      const { server } = await start();
      const res = await request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: CART, environment: 'dev' });
      expect(res.status).toBe(201);
      expect(
        (await waitFor(server, res.body.id, ['waiting-for-gates', ...FINISHED]))
          .state,
      ).toBe('succeeded');
    });

    it('does not make a rollback wait: it is the way out of a bad release', async () => {
      const { server } = await start();
      for (const fix of ['fix(cart): one', 'fix(cart): two']) {
        app.commit(fix);
        const waiting = await requestQa(server);
        await request(server)
          .post(`/api/releases/promotions/${waiting.id}/approve`)
          .set('Authorization', BOB)
          .send({});
        expect((await waitFor(server, waiting.id)).state).toBe('succeeded');
      }
      const res = await request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: CART, environment: 'qa', rollback: true });
      expect(res.status).toBe(201);
      const back = await waitFor(server, res.body.id, [
        'waiting-for-gates',
        ...FINISHED,
      ]);
      expect(back).toMatchObject({
        state: 'succeeded',
        version: 'v1.1.0-rc.1',
        previousVersion: 'v1.1.0-rc.2',
      });
    });
  },
);

describe('permissions of approve, reject and abort', () => {
  it('are checked before anything changes', async () => {
    const { app, envRepo, cleanup } = createCartRepositories();
    try {
      const entities = [
        componentEntity('cart', {
          gitRepo: app.dir,
          environmentRepo: envRepo.dir,
        }),
      ];
      const permissions = {
        authorize: jest.fn(
          async (requests: Array<{ permission: { name: string } }>) =>
            requests.map(r => ({
              result: [
                'releases.promotion.approve',
                'releases.promotion.abort',
              ].includes(r.permission.name)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
            })),
        ),
        authorizeConditional: jest.fn(),
      };
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.rootConfig.factory({
            data: {
              releases: testReleasesConfig({ requireApproval: ['dev'] }),
            },
          }),
          mockServices.permissions.mock(permissions as any).factory,
          catalogServiceMock.factory({ entities }),
        ],
      });
      const created = await request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: CART, environment: 'dev' });
      expect(created.status).toBe(201);
      await waitFor(server, created.body.id, [
        'waiting-for-gates',
        ...FINISHED,
      ]);
      for (const decision of ['approve', 'reject']) {
        const res = await request(server)
          .post(`/api/releases/promotions/${created.body.id}/${decision}`)
          .set('Authorization', BOB)
          .send({ reason: 'x' });
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          `Not allowed: releases.promotion.approve on ${CART}`,
        );
      }
      const abort = await request(server)
        .post(`/api/releases/promotions/${created.body.id}/abort`)
        .set('Authorization', BOB)
        .send({ reason: 'x' });
      expect(abort.status).toBe(403);
      expect(abort.body.error.message).toBe(
        `Not allowed: releases.promotion.abort on ${CART}`,
      );
      const after = await request(server).get(
        `/api/releases/promotions/${created.body.id}`,
      );
      expect(after.body.state).toBe('waiting-for-gates');
      expect(after.body.events.map((e: any) => e.state)).toEqual([
        'requested',
        'waiting-for-gates',
      ]);
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          expect.objectContaining({
            permission: expect.objectContaining({
              name: 'releases.promotion.approve',
            }),
            resourceRef: CART,
          }),
        ],
        expect.anything(),
      );
    } finally {
      cleanup();
    }
  });
});
