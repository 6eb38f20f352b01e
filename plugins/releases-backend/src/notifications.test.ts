import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import {
  signalsServiceRef,
  type SignalPayload,
} from '@backstage/plugin-signals-node';
import type { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import { releasesExecutorsExtensionPoint } from '@releases-for-backstage/plugin-releases-node';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { releasesPlugin } from './plugin';
import {
  componentEntity,
  createCartRepositories,
  testReleasesConfig,
  waitForPromotion,
  releasesTestDatabases,
} from './service/__testUtils__/promotionFixtures';

jest.setTimeout(120_000);

const databases = releasesTestDatabases();

const CART = 'component:default/cart';
const SLACK = 'https://hooks.slack.test/services/T000/B000/secret-part';

const slack = setupServer();
beforeAll(() =>
  slack.listen({
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
afterEach(() => slack.resetHandlers());
afterAll(() => slack.close());

/** Signals and notifications services that record what the plugin sends. */
function recorders() {
  const signals: SignalPayload[] = [];
  const notifications: NotificationSendOptions[] = [];
  return {
    signals,
    notifications,
    factories: [
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          async publish(signal: SignalPayload) {
            signals.push(signal);
          },
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          async send(notification: NotificationSendOptions) {
            notifications.push(notification);
          },
        }),
      }),
    ],
  };
}

/** An executor that refuses every deployment, so promotions fail. */
const refusingExecutor = createBackendModule({
  pluginId: 'releases',
  moduleId: 'test-refuse',
  register(env) {
    env.registerInit({
      deps: { executors: releasesExecutorsExtensionPoint },
      async init({ executors }) {
        executors.addExecutor({
          id: 'refuse',
          async execute() {
            throw new Error('cluster refused the deployment');
          },
        });
      },
    });
  },
});

describe.each(databases.eachSupportedId())(
  'promotion notifications on %p',
  databaseId => {
    let app: GitFixture;
    let envRepo: GitFixture;
    let cleanup: () => void;

    beforeEach(() => {
      ({ app, envRepo, cleanup } = createCartRepositories());
    });
    afterEach(() => cleanup());

    async function start(
      options: { slackStates?: string[]; extra?: any[] } = {},
    ) {
      const knex = await databases.init(databaseId);
      const recorded = recorders();
      const logger = mockServices.logger.mock();
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
              app: { baseUrl: 'https://portal.example.com' },
              releases: {
                ...testReleasesConfig(),
                notifications: {
                  slack: {
                    webhookUrl: SLACK,
                    ...(options.slackStates
                      ? { states: options.slackStates }
                      : {}),
                  },
                },
              },
            },
          }),
          catalogServiceMock.factory({ entities }),
          logger.factory,
          ...recorded.factories,
          ...(options.extra ?? []),
        ],
      });
      return { server, logger, ...recorded };
    }

    async function promote(server: any, body: Record<string, unknown>) {
      const res = await request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: CART, ...body });
      expect(res.status).toBe(201);
      return waitForPromotion(server, res.body.id);
    }

    /** Waits for the notifier, which runs after the state is stored. */
    async function eventually(check: () => void) {
      for (let i = 0; ; i++) {
        try {
          check();
          return;
        } catch (error) {
          if (i >= 100) throw error;
          await new Promise(r => setTimeout(r, 100));
        }
      }
    }

    it('signals every step, notifies the owners and posts to Slack, even when Slack answers 500', async () => {
      const posted: any[] = [];
      slack.use(
        http.post(SLACK, async ({ request: req }) => {
          posted.push(await req.json());
          return new HttpResponse('internal_error', { status: 500 });
        }),
      );
      // Slack on `requested` too: a failing Slack must not fail the request that creates the promotion.
      const { server, signals, notifications } = await start({
        slackStates: ['requested', 'succeeded'],
      });
      const done = await promote(server, { environment: 'qa' });
      expect(done).toMatchObject({
        state: 'succeeded',
        version: 'v1.1.0-rc.1',
      });

      await eventually(() =>
        expect(signals.map(s => s.message.state)).toContain('succeeded'),
      );
      expect(signals.map(s => s.message.state)).toEqual([
        'requested',
        'approved',
        'executing',
        'verifying',
        'succeeded',
      ]);
      for (const s of signals) {
        expect(s.recipients).toEqual({ type: 'broadcast' });
        expect(s.channel).toBe('releases:promotions');
        expect(Object.keys(s.message).sort()).toEqual([
          'entityRef',
          'environment',
          'id',
          'state',
          'updatedAt',
          'version',
        ]);
        expect(s.message).toMatchObject({
          id: done.id,
          entityRef: CART,
          environment: 'qa',
          version: 'v1.1.0-rc.1',
        });
      }
      expect(signals[signals.length - 1].message.updatedAt).toBe(
        done.updatedAt,
      );

      await eventually(() => expect(notifications).toHaveLength(2));
      expect(notifications).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: [CART, 'group:default/release-managers'],
          },
          payload: expect.objectContaining({
            title: 'cart: v1.1.0-rc.1 to qa requested',
            severity: 'low',
            scope: done.id,
            topic: 'releases:promotion',
          }),
        },
        {
          recipients: {
            type: 'entity',
            entityRef: [CART, 'group:default/release-managers'],
          },
          payload: {
            title: 'cart: v1.1.0-rc.1 to qa succeeded',
            description: 'Requested by user:default/mock',
            link: '/catalog/default/component/cart/promotion',
            severity: 'normal',
            topic: 'releases:promotion',
            scope: done.id,
          },
        },
      ]);

      await eventually(() => expect(posted).toHaveLength(2));
      expect(posted.map(p => p.text)).toEqual([
        'cart: v1.1.0-rc.1 to qa requested',
        'cart: v1.1.0-rc.1 to qa succeeded',
      ]);
      expect(posted[1].blocks[0].text.text).toContain(
        '*<https://portal.example.com/catalog/default/component/cart/promotion|cart: v1.1.0-rc.1 to qa succeeded>*',
      );
      expect(posted[1].blocks[0].text.text).toContain(
        '*Requested by:* user:default/mock',
      );
    });

    it('keeps promoting while Slack hangs', async () => {
      slack.use(
        http.post(SLACK, async () => {
          await delay('infinite');
          return new HttpResponse('ok');
        }),
      );
      const { server, signals, logger } = await start();
      expect(await promote(server, { environment: 'qa' })).toMatchObject({
        state: 'succeeded',
      });
      // The engine waits for Slack at most the notifier's timeout, logs it, and goes on.
      const timeouts = () =>
        logger.warn.mock.calls.filter(([m]) =>
          /\(succeeded\) was not sent to slack: slack did not answer within 5000 ms$/.test(
            m,
          ),
        );
      await eventually(() => expect(timeouts()).toHaveLength(1));
      expect(await promote(server, { environment: 'staging' })).toMatchObject({
        state: 'succeeded',
        version: 'v1.1.0-rc.1',
      });
      await eventually(() =>
        expect(
          signals.filter(s => s.message.state === 'succeeded'),
        ).toHaveLength(2),
      );
      // The test scheduler is shared by the backends of this file: let this engine run finish.
      await eventually(() => expect(timeouts()).toHaveLength(2));
    });

    it('tells the owners loudly, with the reason, when a promotion fails', async () => {
      slack.use(http.post(SLACK, () => new HttpResponse('ok')));
      const { server, signals, notifications } = await start({
        extra: [refusingExecutor],
      });
      const done = await promote(server, { environment: 'qa' });
      expect(done.state).toBe('failed');
      await eventually(() =>
        expect(notifications.map(n => n.payload.severity)).toEqual([
          'low',
          'high',
        ]),
      );
      expect(notifications[1].payload).toMatchObject({
        title: 'cart: v1.1.0-rc.1 to qa failed',
        description: expect.stringContaining('cluster refused the deployment'),
        scope: done.id,
      });
      expect(signals.map(s => s.message.state)).toEqual([
        'requested',
        'approved',
        'executing',
        'rolling-back',
        'failed',
      ]);
    });
  },
);
