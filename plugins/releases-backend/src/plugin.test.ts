import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import request from 'supertest';
import { releasesPlugin } from './plugin';

import { releasesTestDatabases } from './service/__testUtils__/promotionFixtures';

jest.setTimeout(60_000);

const databases = releasesTestDatabases();

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

describe.each(databases.eachSupportedId())(
  'releases backend on %p',
  databaseId => {
    let fx: GitFixture;
    let featSha: string;

    beforeEach(() => {
      fx = GitFixture.create();
      fx.commit('feat: first release');
      fx.tag('v1.0.0', { annotated: true });
      fx.commit('fix(cart): rounding of totals');
      fx.tag('v1.0.1');
      featSha = fx.commit(
        'feat(api)!: drop v1 endpoints\n\nBREAKING CHANGE: /v1 is gone',
      );
      fx.commit('docs: explain coupons');
    });
    afterEach(() => fx.cleanup());

    async function start(options?: {
      permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      extraEntities?: Entity[];
    }) {
      const knex = await databases.init(databaseId);
      const auditor = mockServices.auditor.mock();
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              releases: {
                git: { dangerouslyAllowLocalRepositories: true },
                refresh: { initialDelay: { hours: 1 } },
              },
            },
          }),
          mockServices.permissions.factory({
            result: options?.permission ?? AuthorizeResult.ALLOW,
          }),
          auditor.factory,
          catalogServiceMock.factory({
            entities: [
              component('cart', {
                'releases-for-backstage.io/git-repo': fx.dir,
              }),
              component('legacy', {}),
              component('odd', {
                'releases-for-backstage.io/git-repo': fx.dir,
                'releases-for-backstage.io/preset': 'gitmoji',
              }),
              component('gone', {
                'releases-for-backstage.io/git-repo': `${fx.dir}-missing`,
              }),
              ...(options?.extraEntities ?? []),
            ],
          }),
        ],
      });
      return { server, knex, auditor };
    }

    it('lists releases with changelogs, newest first', async () => {
      const { server } = await start();
      const res = await request(server)
        .get('/api/releases/releases')
        .query({ entityRef: 'component:default/cart' });
      expect(res.status).toBe(200);
      expect(res.body.releases.map((r: any) => r.tag)).toEqual([
        'v1.0.1',
        'v1.0.0',
      ]);
      const [patch] = res.body.releases;
      expect(patch.changelog.previousVersion).toBe('1.0.0');
      expect(patch.changelog.sections).toEqual([
        expect.objectContaining({
          id: 'fixes',
          entries: [
            expect.objectContaining({
              scope: 'cart',
              description: 'rounding of totals',
            }),
          ],
        }),
      ]);
      expect(patch.channel).toBeNull();
    });

    it('computes the next version from unreleased commits', async () => {
      const { server } = await start();
      const res = await request(server)
        .get('/api/releases/unreleased')
        .query({ entityRef: 'Component:default/cart' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: 'component:default/cart',
        current: '1.0.1',
        currentTag: 'v1.0.1',
        next: '2.0.0',
        bump: 'major',
        commits: 2,
      });
      expect(res.body.changelog.sections[0]).toMatchObject({
        id: 'breaking',
        entries: [
          expect.objectContaining({
            sha: featSha,
            breakingNote: '/v1 is gone',
          }),
        ],
      });
    });

    it('rejects bad input with a 4xx naming the problem and stores nothing', async () => {
      const { server, knex } = await start();
      const cases: Array<[Record<string, string>, number, RegExp]> = [
        [{}, 400, /entityRef/],
        [
          { entityRef: 'component:' },
          400,
          /entityRef 'component:' is not a valid entity reference/,
        ],
        [{ entityRef: 'component:default/cart', extra: '1' }, 400, /extra/],
        [
          { entityRef: 'component:default/nope' },
          404,
          /component:default\/nope not found/,
        ],
        [
          { entityRef: 'component:default/legacy' },
          404,
          /releases-for-backstage.io\/git-repo annotation/,
        ],
        [
          { entityRef: 'component:default/odd' },
          400,
          /Unknown preset|gitmoji/i,
        ],
      ];
      for (const [query, status, message] of cases) {
        const res = await request(server)
          .get('/api/releases/unreleased')
          .query(query);
        expect({ query, status: res.status }).toEqual({ query, status });
        expect(res.body.error.message).toMatch(message);
      }
      const post = await request(server)
        .post('/api/releases/refresh')
        .send({ entityRef: 42 });
      expect(post.status).toBe(400);
      expect(post.body.error.message).toMatch(/entityRef/);
      const [{ n }] = await knex('entity_release_state').count({ n: '*' });
      expect(Number(n)).toBe(0);
      expect(
        Number((await knex('entity_releases').count({ n: '*' }))[0].n),
      ).toBe(0);
    });

    it('reports a repository that cannot be read', async () => {
      const { server } = await start();
      const res = await request(server)
        .get('/api/releases/releases')
        .query({ entityRef: 'component:default/gone' });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(
        /could not be read: No Git repository/,
      );
    });

    it('requires authentication', async () => {
      const { server } = await start();
      const res = await request(server)
        .get('/api/releases/releases')
        .query({ entityRef: 'component:default/cart' })
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });

    it('refreshes from Git when allowed, and audits it', async () => {
      const { server, auditor } = await start();
      const first = await request(server)
        .get('/api/releases/unreleased')
        .query({ entityRef: 'component:default/cart' });
      expect(first.body.next).toBe('2.0.0');

      fx.tag('v2.0.0');
      fx.commit('fix: after the major');
      // Served from the store until a refresh reads Git again.
      const cached = await request(server)
        .get('/api/releases/unreleased')
        .query({ entityRef: 'component:default/cart' });
      expect(cached.body.next).toBe('2.0.0');

      const refresh = await request(server)
        .post('/api/releases/refresh')
        .send({ entityRef: 'component:default/cart' });
      expect(refresh.status).toBe(200);
      const after = await request(server)
        .get('/api/releases/unreleased')
        .query({ entityRef: 'component:default/cart' });
      expect(after.body).toMatchObject({
        current: '2.0.0',
        next: '2.0.1',
        bump: 'patch',
        commits: 1,
      });
      const releases = await request(server)
        .get('/api/releases/releases')
        .query({ entityRef: 'component:default/cart' });
      expect(releases.body.releases.map((r: any) => r.tag)).toEqual([
        'v2.0.0',
        'v1.0.1',
        'v1.0.0',
      ]);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'entity-refresh',
          meta: { entityRef: 'component:default/cart' },
        }),
      );
    });

    it('refuses a refresh without permission and changes nothing', async () => {
      const { server, knex, auditor } = await start({
        permission: AuthorizeResult.DENY,
      });
      const res = await request(server)
        .post('/api/releases/refresh')
        .send({ entityRef: 'component:default/cart' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/Not allowed/);
      expect(auditor.createEvent).not.toHaveBeenCalled();
      const [{ n }] = await knex('entity_release_state').count({ n: '*' });
      expect(Number(n)).toBe(0);
    });
  },
);
