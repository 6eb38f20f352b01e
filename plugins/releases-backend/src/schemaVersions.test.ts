import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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
const ORDERS = 'component:default/orders';

describe.each(databases.eachSupportedId())(
  'database schema versions on %p',
  databaseId => {
    let app: GitFixture;
    let envRepo: GitFixture;

    /** A commit that sets the schema file, as a migration would. */
    function schemaCommit(message: string, text: string) {
      mkdirSync(join(app.dir, 'db'), { recursive: true });
      writeFileSync(join(app.dir, 'db', 'schema-version'), text);
      app.git('add', 'db/schema-version');
      app.commit(message);
    }

    beforeEach(() => {
      app = GitFixture.create();
      envRepo = GitFixture.create();
      envRepo.commit('chore: environments');
    });
    afterEach(() => {
      app.cleanup();
      envRepo.cleanup();
    });

    async function start(schemaFile: string | null = 'db/schema-version') {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: { releases: testReleasesConfig() },
          }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          catalogServiceMock.factory({
            entities: [
              {
                ...componentEntity('orders', {
                  gitRepo: app.dir,
                  environmentRepo: envRepo.dir,
                }),
                metadata: {
                  name: 'orders',
                  namespace: 'default',
                  annotations: {
                    'releases-for-backstage.io/git-repo': app.dir,
                    'releases-for-backstage.io/environment-repo': envRepo.dir,
                    ...(schemaFile
                      ? { 'releases-for-backstage.io/schema-file': schemaFile }
                      : {}),
                  },
                },
              },
            ],
          }),
        ],
      });
      return { server, knex };
    }

    const post = (server: any, body: object) =>
      request(server)
        .post('/api/releases/promotions')
        .send({ entityRef: ORDERS, environment: 'qa', ...body });
    async function promoted(server: any, body: object = {}) {
      const res = await post(server, body);
      expect(res.status).toBe(201);
      const done = await waitForPromotion(server, res.body.id);
      expect(done.state).toBe('succeeded');
      return done;
    }
    const qaFile = () => envRepo.git('show', 'environment/qa:environment.yaml');
    const counts = async (knex: any) => ({
      promotions: Number((await knex('promotions').count({ n: '*' }))[0].n),
      audit: Number((await knex('audit_log').count({ n: '*' }))[0].n),
      qa: envRepo.git('rev-parse', 'environment/qa'),
    });

    it('records the schema, lets a compatible rollback through and refuses an incompatible one', async () => {
      const { server, knex } = await start();
      // Runs on schema 1 and, it declares, on schema 2.
      schemaCommit('feat: orders', 'version: 1\ncompatibleUpTo: 2\n');
      const first = await promoted(server);
      expect(first.schema).toEqual({
        environment: null,
        release: 1,
        compatibleUpTo: 2,
        runs: 1,
      });
      expect(qaFile()).toMatch(/orders:\n(\s+\w+: .*\n)*\s+schema: 1/);

      schemaCommit('feat: order notes', '2\n');
      const second = await promoted(server);
      expect(second.schema).toEqual({
        environment: 1,
        release: 2,
        compatibleUpTo: 2,
        runs: 2,
      });

      // Back to the first release: it runs on schema 2, so qa keeps 2.
      const back = await promoted(server, {
        rollback: true,
        reason: 'notes are slow',
      });
      expect(back.version).toBe(first.version);
      expect(back.schema).toEqual({
        environment: 2,
        release: 1,
        compatibleUpTo: 2,
        runs: 2,
      });
      expect(qaFile()).toMatch(
        new RegExp(`version: ${first.version.replace(/\./g, '\\.')}`),
      );
      expect(qaFile()).toMatch(/schema: 2/);

      schemaCommit('feat: order archive', '3\n');
      const third = await promoted(server);
      expect(third.schema).toMatchObject({ environment: 2, runs: 3 });

      // Schema 3 is newer than the first release runs on: refused, nothing written.
      const before = await counts(knex);
      const refused = await post(server, { rollback: true, reason: 'again' });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(
        `orders ${first.version} cannot go to qa: its database schema is 1 and qa runs schema 3, which migrations do not undo; orders ${first.version} runs on schemas up to 2 (compatibleUpTo in db/schema-version)`,
      );
      expect(await counts(knex)).toEqual(before);
    });

    it('reads the branch history a rollback needs, and the schema it recorded, without anyone having looked', async () => {
      schemaCommit('feat: orders', '1\n');
      app.tag('v1.0.0');
      const first = app.head();
      schemaCommit('feat: order notes', '2\n');
      app.tag('v1.1.0');
      // Staging was promoted outside the portal: only its branch knows.
      envRepo.git('checkout', '--quiet', '-b', 'environment/staging');
      for (const [version, commit, schema] of [
        ['v1.0.0', first, 1],
        ['v1.1.0', app.head(), 2],
      ] as const) {
        writeFileSync(
          join(envRepo.dir, 'environment.yaml'),
          `environment:\n  name: staging\n  type: staging\ncomponents:\n  orders:\n    version: ${version}\n    commit: ${commit}\n    schema: ${schema}\n`,
        );
        envRepo.git('add', 'environment.yaml');
        envRepo.git('commit', '--quiet', '-m', `promote(orders): ${version}`);
      }
      envRepo.git('checkout', '--quiet', 'main');
      const { server } = await start();
      const res = await post(server, {
        environment: 'staging',
        rollback: true,
        reason: 'notes are slow',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        'orders v1.0.0 cannot go to staging: its database schema is 1 and staging runs schema 2, which migrations do not undo; orders v1.0.0 runs on schemas up to 1 (compatibleUpTo in db/schema-version)',
      );
    });

    it('refuses a broken schema file and a schema-file annotation outside the repository', async () => {
      const { server, knex } = await start();
      schemaCommit('feat: orders', 'version: two\n');
      const before = await counts(knex).catch(() => null);
      const broken = await post(server, {});
      expect(broken.status).toBe(400);
      expect(broken.body.error.message).toMatch(
        /^db\/schema-version at v\S+: version must be a whole number of 0 or more, not "two"$/,
      );
      expect(await counts(knex).catch(() => null)).toEqual(before);

      const outside = await start('../secrets');
      const res = await post(outside.server, {});
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        `Entity ${ORDERS} has an invalid releases-for-backstage.io/schema-file annotation '../secrets': a path inside its repository`,
      );
    });

    it('takes the schema a pipeline reported when the repository keeps no schema file', async () => {
      const { server, knex } = await start(null);
      const report = (version: string, schema: object, stage = 'build') =>
        request(server)
          .post('/api/releases/pipelines')
          .send({
            entityRef: ORDERS,
            version,
            stages: [{ name: stage, status: 'succeeded' }],
            schema,
          });
      app.commit('feat: orders');
      app.tag('v1.0.0-rc.1');
      const reported = await report('v1.0.0-rc.1', {
        version: 1,
        compatibleUpTo: 2,
      });
      expect(reported.status).toBe(201);
      expect(reported.body.schema).toEqual({ version: 1, compatibleUpTo: 2 });
      const first = await promoted(server, { version: 'v1.0.0-rc.1' });
      expect(first.schema).toEqual({
        environment: null,
        release: 1,
        compatibleUpTo: 2,
        runs: 1,
      });

      app.commit('feat: order archive');
      app.tag('v1.1.0-rc.1');
      expect((await report('v1.1.0-rc.1', { version: 3 })).status).toBe(201);
      const second = await promoted(server, { version: 'v1.1.0-rc.1' });
      expect(second.schema).toEqual({
        environment: 1,
        release: 3,
        compatibleUpTo: 3,
        runs: 3,
      });
      expect(qaFile()).toMatch(/schema: 3/);

      // The first release runs on schemas up to 2: refused, with the report named.
      const before = await counts(knex);
      const refused = await post(server, { rollback: true, reason: 'slow' });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(
        "orders v1.0.0-rc.1 cannot go to qa: its database schema is 1 and qa runs schema 3, which migrations do not undo; orders v1.0.0-rc.1 runs on schemas up to 2 (compatibleUpTo in the pipeline's report)",
      );
      expect(await counts(knex)).toEqual(before);

      // A release's schema is fixed: another value is refused and writes no stage.
      const changed = await report('v1.0.0-rc.1', { version: 4 }, 'unit-tests');
      expect(changed.status).toBe(409);
      expect(changed.body.error.message).toMatch(
        /^1\.0\.0-rc\.1 was reported with database schema 1 \(compatible up to 2\); a release's schema does not change once built$/,
      );
      const trace = await request(server)
        .get('/api/releases/pipelines')
        .query({ entityRef: ORDERS, version: 'v1.0.0-rc.1' });
      expect(trace.body.stages.map((st: any) => st.name)).toEqual(['build']);
      // The same value again is a repeat, not a change.
      expect(
        (
          await report(
            'v1.0.0-rc.1',
            { version: 1, compatibleUpTo: 2 },
            'unit-tests',
          )
        ).status,
      ).toBe(201);

      for (const [schema, message] of [
        [
          { version: -1 },
          /^Invalid request body: schema\.version must be 0 or more$/,
        ],
        [
          { version: 1.5 },
          /^Invalid request body: schema\.version must be a whole number$/,
        ],
        [
          { version: 3, compatibleUpTo: 2 },
          /^Invalid request body: schema\.compatibleUpTo must not be below version$/,
        ],
        [{ version: 3, migrations: 2 }, /migrations/],
      ] as const) {
        const bad = await report('v1.1.0-rc.1', schema);
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(message);
      }
    });
  },
);
