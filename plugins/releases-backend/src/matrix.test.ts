import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import request from 'supertest';
import { releasesPlugin } from './plugin';
import {
  componentEntity,
  createCartRepositories,
  testReleasesConfig,
  releasesTestDatabases,
} from './service/__testUtils__/promotionFixtures';

jest.setTimeout(120_000);

const databases = releasesTestDatabases();

const SHOP = 'system:default/shop';

describe.each(databases.eachSupportedId())(
  'the product matrix on %p',
  databaseId => {
    let app: GitFixture;
    let envRepo: GitFixture;
    let cleanup: () => void;

    beforeEach(() => {
      ({ app, envRepo, cleanup } = createCartRepositories());
      // Reports name tags that exist: the rc a pipeline deployed.
      app.tag('v1.1.0-rc.1');
    });
    afterEach(() => cleanup());

    async function start() {
      const knex = await databases.init(databaseId);
      const entities = [
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
        componentEntity('cart', { gitRepo: app.dir, system: 'shop' }),
        componentEntity('checkout', { gitRepo: app.dir, system: 'shop' }),
      ];
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: { releases: testReleasesConfig() },
          }),
          catalogServiceMock.factory({ entities }),
        ],
      });
      return { server, knex };
    }

    const matrix = async (server: any) => {
      const res = await request(server)
        .get('/api/releases/matrix')
        .query({ system: SHOP });
      expect(res.status).toBe(200);
      return Object.fromEntries(
        res.body.rows.map((r: any) => [r.entityRef.split('/')[1], r.cells]),
      );
    };
    const report = (
      server: any,
      component: string,
      environment: string,
      version: string,
    ) =>
      request(server)
        .post('/api/releases/deployments')
        .send({
          entityRef: `component:default/${component}`,
          environment,
          version,
          status: 'succeeded',
        })
        .expect(201);

    /** What another backend instance's write looks like to this one: a row and a version bump in the database. */
    async function foreignWrite(
      knex: any,
      component: string,
      environment: string,
      version: string,
    ) {
      await knex('environment_state')
        .insert({
          entity_ref: `component:default/${component}`,
          environment,
          version,
          sha: null,
          status: 'deployed',
          since: new Date(),
          by: 'user:default/elsewhere',
          run_url: null,
          promotion_id: null,
        })
        .onConflict(['entity_ref', 'environment'])
        .merge();
      await knex('state_versions')
        .where({ name: 'environment_state' })
        .increment('version', 1);
    }

    it("patches the matrix for this instance's reports, re-reading only the reported entity", async () => {
      const { server, knex } = await start();
      expect((await matrix(server)).cart.dev.version).toBeNull();

      // Changed in the database without a version bump: a full rebuild would
      // show it, a patch for cart's report does not read checkout at all.
      await knex('environment_state').insert({
        entity_ref: 'component:default/checkout',
        environment: 'qa',
        version: 'v9.9.9',
        sha: null,
        status: 'deployed',
        since: new Date(),
        by: 'user:default/elsewhere',
        run_url: null,
        promotion_id: null,
      });
      await report(server, 'cart', 'dev', 'WIP');
      await report(server, 'cart', 'qa', 'v1.1.0-rc.1');
      const patched = await matrix(server);
      expect(patched.cart.dev).toMatchObject({
        version: 'WIP',
        status: 'deployed',
      });
      expect(patched.cart.qa).toMatchObject({ version: 'v1.1.0-rc.1' });
      expect(patched.checkout.qa.version).toBeNull();

      // Reports of several entities between two reads patch each of them.
      await report(server, 'checkout', 'dev', 'WIP');
      await report(server, 'cart', 'staging', 'v1.1.0-rc.1');
      const both = await matrix(server);
      expect(both.checkout.dev.version).toBe('WIP');
      expect(both.checkout.qa.version).toBe('v9.9.9');
      expect(both.cart.staging.version).toBe('v1.1.0-rc.1');
    });

    it('reads everything again after a write this instance did not make', async () => {
      const { server, knex } = await start();
      await matrix(server);
      await report(server, 'cart', 'dev', 'WIP');
      await foreignWrite(knex, 'checkout', 'prod', 'v2.0.0');
      await report(server, 'cart', 'qa', 'v1.1.0-rc.1');
      const after = await matrix(server);
      expect(after.cart.qa.version).toBe('v1.1.0-rc.1');
      // The version gap left by the other instance forces a full read.
      expect(after.checkout.prod).toMatchObject({
        version: 'v2.0.0',
        by: 'user:default/elsewhere',
      });

      // A foreign write alone shows once the cached version is re-read (250 ms).
      await foreignWrite(knex, 'checkout', 'canary', 'v2.0.0');
      await new Promise(r => setTimeout(r, 300));
      expect((await matrix(server)).checkout.canary.version).toBe('v2.0.0');
    });
  },
);
