// Over 400 lines: the engine's seams (gates, settings, executors, verification, rollback) on one started backend fixture per database.
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import {
  releasesExecutorsExtensionPoint,
  releasesGatesExtensionPoint,
  releasesVerifiersExtensionPoint,
  type PromotionExecution,
} from '@releases-for-backstage/plugin-releases-node';
import request from 'supertest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { releasesPlugin } from '../plugin';
import {
  componentEntity,
  createCartRepositories,
  releasesTestDatabases,
  testReleasesConfig,
  waitForPromotion,
} from '../service/__testUtils__/promotionFixtures';

jest.setTimeout(120_000);

const databases = releasesTestDatabases();
const CART = 'component:default/cart';

/** A module that registers what a test needs on the engine's extension points. */
function module(
  id: string,
  register: (points: { executors: any; gates: any; verifiers: any }) => void,
) {
  return createBackendModule({
    pluginId: 'releases',
    moduleId: id,
    register(env) {
      env.registerInit({
        deps: {
          executors: releasesExecutorsExtensionPoint,
          gates: releasesGatesExtensionPoint,
          verifiers: releasesVerifiersExtensionPoint,
        },
        async init(points) {
          register(points);
        },
      });
    },
  });
}

describe.each(databases.eachSupportedId())(
  'the promotion engine seams on %p',
  databaseId => {
    let app: GitFixture;
    let envRepo: GitFixture;
    let cleanup: () => void;

    let ticker: NodeJS.Timeout | undefined;

    beforeEach(() => {
      ({ app, envRepo, cleanup } = createCartRepositories());
    });
    afterEach(() => {
      clearInterval(ticker);
      cleanup();
    });

    async function start(
      extra: any[],
      promotions: Record<string, unknown> = {},
      releases: Record<string, unknown> = {},
    ) {
      const knex = await databases.init(databaseId);
      // The test scheduler runs a task only when triggered: tick it like the
      // real one does, so waiting gates and rollouts are asked again.
      const scheduler = mockServices.scheduler() as any;
      ticker = setInterval(
        () =>
          scheduler.triggerTask('releases-promotions').catch(() => undefined),
        200,
      );
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          scheduler.factory(),
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              releases: { ...testReleasesConfig(promotions), ...releases },
            },
          }),
          catalogServiceMock.factory({
            entities: [
              componentEntity('cart', {
                gitRepo: app.dir,
                environmentRepo: envRepo.dir,
              }),
            ],
          }),
          ...extra,
        ],
      });
      return { server, knex };
    }

    const request_ = (server: any, body: object) =>
      request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: CART, ...body });
    const qaLog = () => envRepo.git('log', '--format=%s', 'environment/qa');
    const qaFile = () => envRepo.git('show', 'environment/qa:environment.yaml');

    it('lets a gate from a module hold a promotion and release it, and shows it on the promotion', async () => {
      let open = false;
      const seen: any[] = [];
      const freeze = module('test-freeze', ({ gates }) =>
        gates.addGate({
          id: 'freeze',
          async evaluate(context: any) {
            seen.push(context);
            return open
              ? { status: 'met', detail: 'window open' }
              : { status: 'pending', detail: 'the change freeze ends' };
          },
        }),
      );
      const { server, knex } = await start([freeze]);
      const created = await request_(server, { environment: 'qa' });
      expect(created.status).toBe(201);
      const waiting = await waitForPromotion(server, created.body.id, [
        'waiting-for-gates',
      ]);
      expect(waiting.gates).toEqual([
        {
          id: 'freeze',
          status: 'pending',
          required: true,
          detail: 'the change freeze ends',
        },
      ]);
      expect(waiting.reason).toBe('waiting for freeze: the change freeze ends');
      expect(seen[0]).toMatchObject({
        entityRef: CART,
        component: 'cart',
        environment: { name: 'qa' },
        version: 'v1.1.0-rc.1',
        rollback: false,
      });
      // Still waiting after more passes, and nothing written.
      await new Promise(r => setTimeout(r, 1500));
      expect(
        (
          await request(server).get(
            `/api/releases/promotions/${created.body.id}`,
          )
        ).body.state,
      ).toBe('waiting-for-gates');
      expect(app.git('tag', '--list', 'v1.1.0-rc.*')).toBe('');
      expect(envRepo.git('branch', '--list', 'environment/*')).toBe('');

      open = true;
      const done = await waitForPromotion(server, created.body.id);
      expect(done).toMatchObject({
        state: 'succeeded',
        gates: [
          {
            id: 'freeze',
            status: 'met',
            required: true,
            detail: 'window open',
          },
        ],
      });
      expect(done.events.find((e: any) => e.state === 'approved').reason).toBe(
        'window open',
      );
      expect(
        await knex('environment_state').select('environment', 'version'),
      ).toEqual([{ environment: 'qa', version: 'v1.1.0-rc.1' }]);
    });

    it('gives executors and gates their settings: the environment file under config', async () => {
      envRepo.checkout('environment/qa', { create: true });
      writeFileSync(
        join(envRepo.dir, 'environment.yaml'),
        'environment:\n  name: qa\n  executors:\n    probe: { namespace: shop-qa, replicas: 1 }\n  gates:\n    change-window: { opens: "08:00" }\ncomponents: {}\n',
      );
      envRepo.git('add', 'environment.yaml');
      envRepo.git('commit', '-m', 'chore: qa settings');
      const seen: any[] = [];
      const probe = module('test-probe', ({ executors, gates }) => {
        executors.addExecutor({
          id: 'probe',
          async execute(execution: PromotionExecution) {
            seen.push(['executor', execution.settings]);
          },
        });
        gates.addGate({
          id: 'change-window',
          async evaluate(context: any) {
            seen.push(['gate', context.settings]);
            return { status: 'met' };
          },
        });
      });
      const { server } = await start(
        [probe],
        {},
        {
          environments: [
            { name: 'dev', type: 'dev' },
            { name: 'qa', type: 'qa', executors: { probe: { replicas: 3 } } },
          ],
        },
      );
      const done = await waitForPromotion(
        server,
        (
          await request_(server, { environment: 'qa' })
        ).body.id,
      );
      expect(done.state).toBe('succeeded');
      expect(seen).toEqual([
        ['gate', { opens: '08:00' }],
        // Config wins over the file: a commit to the branch cannot loosen it.
        ['executor', { namespace: 'shop-qa', replicas: 3 }],
      ]);
    });

    it('rejects a promotion whose required gate fails, before anything is written', async () => {
      const veto = module('test-veto', ({ gates }) =>
        gates.addGate({
          id: 'veto',
          evaluate: async () => ({
            status: 'failed',
            detail: 'sre said no-go',
          }),
        }),
      );
      const { server } = await start([veto]);
      const created = await request_(server, { environment: 'qa' });
      const done = await waitForPromotion(server, created.body.id);
      expect(done).toMatchObject({
        state: 'rejected',
        reason: 'veto: sre said no-go',
      });
      expect(envRepo.git('branch', '--list', 'environment/*')).toBe('');
    });

    it('rolls back with a revert commit when an executor fails after Git was written', async () => {
      const seen: PromotionExecution[] = [];
      const deploy = module('test-deploy', ({ executors }) =>
        executors.addExecutor({
          id: 'deploy',
          async execute(execution: PromotionExecution) {
            seen.push(execution);
            if (!execution.undo) throw new Error('cluster refused the rollout');
            return { undone: true };
          },
        }),
      );
      const { server, knex } = await start([deploy]);
      const created = await request_(server, { environment: 'qa' });
      const done = await waitForPromotion(server, created.body.id);
      expect(done.state).toBe('rolled-back');
      expect(done.reason).toMatch(
        /^deploy failed: cluster refused the rollout; the environment runs nothing again \(revert [0-9a-f]{12}\)$/,
      );
      expect(done.events.map((e: any) => e.state)).toEqual([
        'requested',
        'approved',
        'executing',
        'rolling-back',
        'rolled-back',
      ]);
      // The branch keeps its history: the promotion, then its revert.
      const promoteCommit = envRepo.git('rev-parse', 'environment/qa~1');
      expect(qaLog().split('\n')).toEqual([
        `Revert "promote(cart): v1.1.0-rc.1 to qa"`,
        'promote(cart): v1.1.0-rc.1 to qa',
      ]);
      expect(
        envRepo.git('log', '-1', '--format=%B', 'environment/qa'),
      ).toContain(`This reverts commit ${promoteCommit}.`);
      expect(qaFile()).not.toContain('cart:');
      // The undo went through the same executor, with the previous version.
      expect(seen.map(s => [s.version, Boolean(s.undo)])).toEqual([
        ['v1.1.0-rc.1', false],
        [null, true],
      ]);
      // The database agrees with Git: nothing deployed, the slot free, the trail complete.
      expect(await knex('environment_state').select()).toEqual([]);
      expect(await knex('deployments').select()).toEqual([]);
      expect(await knex('active_promotions').select()).toEqual([]);
      const actions = (
        await knex('audit_log').where({ promotion_id: done.id }).orderBy('id')
      ).map((r: any) => r.action);
      expect(actions).toEqual(['promotion-create', 'promotion-rolled-back']);
      // The next look at the environments does not take the reverted write for a deployment.
      const envs = await request(server)
        .get('/api/releases/environments')
        .query({ entityRef: CART });
      expect(
        envs.body.environments.find((e: any) => e.environment === 'qa'),
      ).toMatchObject({ version: null });
    });

    it('rolls back to the version before when verification fails, and Git and the database agree', async () => {
      let failing = false;
      const smoke = module('test-smoke', ({ verifiers }) =>
        verifiers.addVerifier({
          id: 'smoke',
          verify: async () =>
            failing
              ? { status: 'failed', detail: '3 of 40 smoke tests failed' }
              : { status: 'met', detail: '40 passed' },
        }),
      );
      const { server, knex } = await start([smoke]);
      const first = await waitForPromotion(
        server,
        (
          await request_(server, { environment: 'qa' })
        ).body.id,
      );
      expect(first).toMatchObject({
        state: 'succeeded',
        verification: [
          { id: 'smoke', status: 'met', required: true, detail: '40 passed' },
        ],
      });
      const before = qaFile();

      failing = true;
      app.commit('fix(cart): rounding');
      const second = await waitForPromotion(
        server,
        (
          await request_(server, { environment: 'qa' })
        ).body.id,
      );
      expect(second).toMatchObject({
        state: 'rolled-back',
        previousVersion: 'v1.1.0-rc.1',
        verification: [
          {
            id: 'smoke',
            status: 'failed',
            required: true,
            detail: '3 of 40 smoke tests failed',
          },
        ],
      });
      expect(second.reason).toMatch(
        /^verification failed: smoke: 3 of 40 smoke tests failed; v1\.1\.0-rc\.1 is back \(revert [0-9a-f]{12}\)$/,
      );
      expect(qaLog().split('\n')[0]).toBe(
        'Revert "promote(cart): v1.1.0-rc.2 to qa"',
      );
      // Byte for byte the file the first promotion wrote.
      expect(qaFile()).toBe(before);
      expect(
        await knex('environment_state').select('environment', 'version'),
      ).toEqual([{ environment: 'qa', version: 'v1.1.0-rc.1' }]);
      expect(
        (await knex('deployments').select('version', 'status')).map(
          (d: any) => d.version,
        ),
      ).toEqual(['v1.1.0-rc.1']);
    });

    it('waits for a rollout an executor follows, and rolls back when it misses the deadline', async () => {
      const rollout = module('test-rollout', ({ executors }) =>
        executors.addExecutor({
          id: 'rollout',
          execute: async (execution: PromotionExecution) => ({
            target: execution.version,
            undo: Boolean(execution.undo),
          }),
          // The new version never becomes ready; the old one comes back at once.
          status: async (handle: any) =>
            handle.undo
              ? { state: 'succeeded' }
              : {
                  state: 'running',
                  detail: `2 of 3 replicas run ${handle.target}`,
                },
        }),
      );
      const { server } = await start([rollout], {
        verificationTimeout: { seconds: 2 },
      });
      const id = (await request_(server, { environment: 'qa' })).body.id;
      const verifying = await waitForPromotion(server, id, ['verifying']);
      await new Promise(r => setTimeout(r, 300));
      const during = (
        await request(server).get(`/api/releases/promotions/${id}`)
      ).body;
      expect(during.verification).toEqual([
        {
          id: 'rollout:rollout',
          status: 'pending',
          required: true,
          detail: '2 of 3 replicas run v1.1.0-rc.1',
        },
      ]);
      expect(verifying.state).toBe('verifying');
      const done = await waitForPromotion(server, id);
      expect(done.state).toBe('rolled-back');
      expect(done.reason).toMatch(
        /^verification timed out waiting for rollout:rollout: 2 of 3 replicas run v1\.1\.0-rc\.1; /,
      );
      expect(
        envRepo.git('log', '--format=%s', 'environment/qa').split('\n')[0],
      ).toBe('Revert "promote(cart): v1.1.0-rc.1 to qa"');
    });
  },
);
