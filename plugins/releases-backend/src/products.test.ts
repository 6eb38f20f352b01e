import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import request from 'supertest';
import { releasesPlugin } from './plugin';
import {
  componentEntity,
  releasesTestDatabases,
  testReleasesConfig,
} from './service/__testUtils__/promotionFixtures';

jest.setTimeout(180_000);

const databases = releasesTestDatabases();
const SHOP = 'system:default/shop';
const BOB = mockCredentials.user.header('user:default/bob');
const PIPELINE = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci'),
  targetPluginId: 'releases',
});

function systemEntity(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'team-a' },
  };
}

describe.each(databases.eachSupportedId())(
  'product releases on %p',
  databaseId => {
    let cart: GitFixture;
    let checkout: GitFixture;
    let scratch: string;
    /** The product repository: bare, as a cut never touches a checkout. */
    let productRepo: string;

    beforeEach(() => {
      cart = GitFixture.create();
      cart.commit('feat(cart): basket');
      cart.tag('v1.0.0');
      checkout = GitFixture.create();
      checkout.commit('feat(checkout): pay');
      checkout.tag('v2.3.0');
      // A prerelease is never what the product lists.
      checkout.commit('feat(checkout): wallets');
      checkout.tag('v2.4.0-rc.1');
      const seed = GitFixture.create();
      seed.commit('chore: product repository');
      scratch = mkdtempSync(join(tmpdir(), 'releases-products-'));
      productRepo = join(scratch, 'shop.git');
      seed.git('clone', '--quiet', '--bare', seed.dir, productRepo);
      seed.cleanup();
    });
    afterEach(() => {
      cart.cleanup();
      checkout.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    async function start(
      options: { productRepo?: string; cacheDir?: string } = {},
    ) {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          releasesPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              releases: {
                ...testReleasesConfig(),
                git: {
                  ...testReleasesConfig().git,
                  ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
                  author: {
                    name: 'Release Bot',
                    email: 'releases@example.com',
                  },
                },
              },
            },
          }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          catalogServiceMock.factory({
            entities: [
              systemEntity('shop', {
                'releases-for-backstage.io/product-repo':
                  options.productRepo ?? productRepo,
              }),
              systemEntity('plain'),
              componentEntity('cart', { gitRepo: cart.dir, system: 'shop' }),
              componentEntity('checkout', {
                gitRepo: checkout.dir,
                system: 'shop',
              }),
              // Not set up for releases: not part of the manifest.
              {
                ...componentEntity('docs', { gitRepo: '', system: 'shop' }),
                metadata: { name: 'docs', namespace: 'default' },
              },
              // Another product's component.
              componentEntity('search', { gitRepo: cart.dir, system: 'other' }),
            ],
          }),
        ],
      });
      return { server, knex };
    }

    const inRepo = (dir: string, ...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

    /** Everything a refused cut must leave as it was. */
    async function snapshot(knex: any) {
      return {
        refs: inRepo(
          productRepo,
          'for-each-ref',
          '--format=%(refname) %(objectname)',
        ),
        audit: Number((await knex('audit_log').count({ n: '*' }))[0].n),
      };
    }

    const cut = (server: any, body: object, authorization = BOB) =>
      request(server)
        .post('/api/releases/products/releases')
        .set('Authorization', authorization)
        .send({ system: SHOP, ...body });
    const next = (server: any, system = SHOP) =>
      request(server)
        .get(`/api/releases/products/next?system=${system}`)
        .set('Authorization', BOB);
    const list = (server: any, system = SHOP) =>
      request(server)
        .get(`/api/releases/products/releases?system=${system}`)
        .set('Authorization', BOB);

    it('cuts the first product release of the components at their newest finals, lists it and audits it', async () => {
      const { server, knex } = await start();
      const empty = await list(server);
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual({ system: SHOP, releases: [], skipped: [] });

      const first = await next(server);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        system: SHOP,
        previous: null,
        next: {
          version: '1.0.0',
          bump: null,
          reasons: ['first release of shop: 2 components'],
          manifest: {
            product: 'shop',
            version: '1.0.0',
            components: {
              cart: { version: '1.0.0', tag: 'v1.0.0' },
              checkout: { version: '2.3.0', tag: 'v2.3.0' },
            },
          },
        },
      });
      expect(first.body.markdown).toContain('## shop 1.0.0');

      const res = await cut(server, {});
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        system: SHOP,
        tag: 'v1.0.0',
        version: '1.0.0',
        branch: 'main',
        previous: null,
        by: 'user:default/bob',
      });
      expect(inRepo(productRepo, 'rev-parse', 'v1.0.0^{commit}')).toBe(
        res.body.sha,
      );
      expect(inRepo(productRepo, 'rev-parse', 'main')).toBe(res.body.sha);
      expect(inRepo(productRepo, 'cat-file', '-t', 'v1.0.0')).toBe('tag');
      expect(inRepo(productRepo, 'show', 'v1.0.0:product.yaml')).toMatch(
        /^product: shop\nversion: 1\.0\.0\ncomponents:\n {2}cart: \{ version: 1\.0\.0, tag: v1\.0\.0 \}\n {2}checkout: \{ version: 2\.3\.0, tag: v2\.3\.0 \}$/,
      );
      expect(
        inRepo(productRepo, 'log', '-1', '--format=%cn <%ce>', 'v1.0.0'),
      ).toBe('Release Bot <releases@example.com>');

      const listed = await list(server);
      expect(listed.body.releases).toEqual([
        {
          tag: 'v1.0.0',
          version: '1.0.0',
          sha: res.body.sha,
          date: expect.any(String),
          manifest: {
            product: 'shop',
            version: '1.0.0',
            components: {
              cart: { version: '1.0.0', tag: 'v1.0.0' },
              checkout: { version: '2.3.0', tag: 'v2.3.0' },
            },
          },
        },
      ]);
      expect(
        await knex('audit_log').where({ action: 'product-release' }),
      ).toEqual([
        expect.objectContaining({
          actor: 'user:default/bob',
          entity_ref: SHOP,
          detail: 'v1.0.0 of shop: cart 1.0.0, checkout 2.3.0',
        }),
      ]);
    });

    it('computes the next version from a component minor with its bundled changelog, and cuts it', async () => {
      const { server, knex } = await start();
      expect((await cut(server, {})).status).toBe(201);
      cart.commit('feat(cart): coupons');
      cart.tag('v1.1.0');

      const res = await next(server);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        previous: { version: '1.0.0', tag: 'v1.0.0' },
        next: {
          version: '1.1.0',
          bump: 'minor',
          reasons: ['cart 1.0.0 -> 1.1.0: minor'],
        },
      });
      expect(
        res.body.next.changes.map((c: any) => [c.name, c.change, c.to]),
      ).toEqual([
        ['cart', 'changed', '1.1.0'],
        ['checkout', 'unchanged', '2.3.0'],
      ]);
      expect(res.body.changelog).toMatchObject({
        product: 'shop',
        version: '1.1.0',
        previousVersion: '1.0.0',
        components: [
          {
            name: 'cart',
            fromVersion: '1.0.0',
            toVersion: '1.1.0',
            change: 'changed',
          },
        ],
      });
      expect(res.body.markdown).toContain('### cart 1.0.0 → 1.1.0');
      expect(res.body.markdown).toContain('coupons');
      expect(res.body.markdown).not.toContain('basket');

      const cutRes = await cut(server, {});
      expect(cutRes.status).toBe(201);
      expect(cutRes.body).toMatchObject({
        tag: 'v1.1.0',
        previous: { version: '1.0.0', tag: 'v1.0.0' },
      });
      expect(cutRes.body.markdown).toContain('coupons');
      expect(inRepo(productRepo, 'show', 'v1.1.0:product.yaml')).toContain(
        'cart: { version: 1.1.0, tag: v1.1.0 }',
      );
      // One commit on top of the previous release.
      expect(inRepo(productRepo, 'rev-parse', 'v1.1.0^{commit}^')).toBe(
        inRepo(productRepo, 'rev-parse', 'v1.0.0^{commit}'),
      );
      expect((await list(server)).body.releases.map((r: any) => r.tag)).toEqual(
        ['v1.1.0', 'v1.0.0'],
      );
      expect(
        await knex('audit_log').where({ action: 'product-release' }),
      ).toHaveLength(2);
    });

    it('answers 409 when no component changed since the last product release, writing nothing', async () => {
      const { server, knex } = await start();
      expect((await cut(server, {})).status).toBe(201);
      const none = await next(server);
      expect(none.body).toMatchObject({
        next: null,
        reasons: ['no component changed since 1.0.0'],
        changelog: null,
      });
      const before = await snapshot(knex);
      const res = await cut(server, {});
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /no component changed since v1\.0\.0/,
      );
      expect(await snapshot(knex)).toEqual(before);
    });

    it('takes a version above the previous release and refuses others, naming them, writing nothing', async () => {
      const { server, knex } = await start();
      expect((await cut(server, { version: '1.0.0' })).status).toBe(201);
      cart.commit('fix(cart): rounding');
      cart.tag('v1.0.1');
      const before = await snapshot(knex);
      for (const [version, message] of [
        [
          '1.0.0',
          /version '1\.0\.0' is not above the previous product release 1\.0\.0/,
        ],
        [
          '0.9.0',
          /version '0\.9\.0' is not above the previous product release/,
        ],
        ['banana', /version 'banana' is not a version X\.Y\.Z/],
        ['v1.2.0', /version 'v1\.2\.0' is not a version X\.Y\.Z/],
        ['1.2.0+build.1', /version '1\.2\.0\+build\.1' is not a version/],
      ] as const) {
        const res = await cut(server, { version });
        expect({ version, status: res.status }).toEqual({
          version,
          status: 400,
        });
        expect(res.body.error.message).toMatch(message);
        expect(await snapshot(knex)).toEqual(before);
      }
      const unknown = await cut(server, { version: '1.1.0', force: true });
      expect(unknown.status).toBe(400);
      expect(await snapshot(knex)).toEqual(before);

      // The computed patch would be 1.0.1; a release manager may ask for more.
      expect((await next(server)).body.next.version).toBe('1.0.1');
      const res = await cut(server, { version: '2.0.0' });
      expect(res.status).toBe(201);
      expect(res.body.tag).toBe('v2.0.0');
      expect(inRepo(productRepo, 'show', 'v2.0.0:product.yaml')).toContain(
        'version: 2.0.0',
      );
    });

    it('refuses a System without the product-repo annotation on every route', async () => {
      const { server, knex } = await start();
      const before = await snapshot(knex);
      for (const res of [
        await list(server, 'system:default/plain'),
        await next(server, 'system:default/plain'),
        await cut(server, { system: 'system:default/plain' }),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(
          'System system:default/plain has no releases-for-backstage.io/product-repo annotation naming its product repository',
        );
      }
      const component = await list(server, 'component:default/cart');
      expect(component.status).toBe(400);
      expect((await list(server, 'system:default/nope')).status).toBe(404);
      expect(await snapshot(knex)).toEqual(before);
    });

    it('refuses a service token (a pipeline) with 403, writing nothing', async () => {
      const { server, knex } = await start();
      const before = await snapshot(knex);
      const res = await cut(server, {}, PIPELINE);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /releases\.product\.release is a person's action; external:ci is a service/,
      );
      expect(await snapshot(knex)).toEqual(before);
    });

    it('lets one of two concurrent cuts through and answers 409 to the other', async () => {
      const { server, knex } = await start();
      const statuses = (
        await Promise.all([cut(server, {}), cut(server, {})])
      ).map(r => r.status);
      expect(statuses.sort()).toEqual([201, 409]);
      expect(inRepo(productRepo, 'tag', '--list')).toBe('v1.0.0');
      expect(inRepo(productRepo, 'rev-list', '--count', 'main')).toBe('2');
      expect(
        await knex('audit_log').where({ action: 'product-release' }),
      ).toHaveLength(1);
    });

    it('answers 409 when the tag of the release exists already without being a product release, writing nothing', async () => {
      // A tag of the prefix whose commit holds no manifest: listed as skipped, and in the way.
      inRepo(productRepo, 'tag', 'v1.0.0', 'main');
      const { server, knex } = await start();
      const listed = await list(server);
      expect(listed.body).toEqual({
        system: SHOP,
        releases: [],
        skipped: [
          { tag: 'v1.0.0', reason: 'no product.yaml in the tagged commit' },
        ],
      });
      expect((await next(server)).body.next.version).toBe('1.0.0');
      const before = await snapshot(knex);
      const res = await cut(server, {});
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /^Product release v1\.0\.0 on 'main' not cut: /,
      );
      expect(await snapshot(knex)).toEqual(before);
    });

    it('refuses to move a branch that a local product repository has checked out, writing nothing', async () => {
      const withWorkTree = GitFixture.create();
      try {
        withWorkTree.commit('chore: product repository');
        const { server, knex } = await start({ productRepo: withWorkTree.dir });
        const before = await snapshot(knex);
        const head = withWorkTree.head();
        const res = await cut(server, {});
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(
          /'main' is checked out in .*; cut product releases in a bare clone/,
        );
        expect(withWorkTree.head()).toBe(head);
        expect(withWorkTree.git('tag', '--list')).toBe('');
        expect(await snapshot(knex)).toEqual(before);
      } finally {
        withWorkTree.cleanup();
      }
    });

    it('pushes the commit and the tag to a remote product repository', async () => {
      const { server } = await start({
        productRepo: `file://${productRepo}`,
        cacheDir: join(scratch, 'cache'),
      });
      const res = await cut(server, {});
      expect(res.status).toBe(201);
      expect(inRepo(productRepo, 'rev-parse', 'v1.0.0^{commit}')).toBe(
        res.body.sha,
      );
      expect(inRepo(productRepo, 'rev-parse', 'main')).toBe(res.body.sha);
      expect((await list(server)).body.releases.map((r: any) => r.tag)).toEqual(
        ['v1.0.0'],
      );
    });
  },
);
