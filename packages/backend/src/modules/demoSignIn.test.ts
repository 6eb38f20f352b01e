import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import authPlugin from '@backstage/plugin-auth-backend';
import request from 'supertest';
import demoSignIn from './demoSignIn';

jest.setTimeout(60_000);

/** A user as the catalog serves it: memberOf stitched into relations. */
const user = (
  name: string,
  displayName: string,
  groups: string[],
  namespace = 'default',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace, description: `${displayName} of the shop` },
  spec: {
    profile: { displayName, email: `${name}@shop.example.com` },
    memberOf: groups,
  },
  relations: groups.map(g => ({
    type: 'memberOf',
    targetRef: `group:default/${g}`,
  })),
});

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

const entities = [
  user('sam', 'Sam Kowalski', ['sre']),
  user('grace', 'Grace Lindqvist', ['release-managers', 'team-shop']),
  user('ben', 'Ben Okafor', ['team-storefront']),
  // Another namespace: not one of the demo users.
  user('guest', 'Guest', ['release-managers'], 'development'),
  group('sre'),
  group('release-managers'),
  group('team-shop'),
  group('team-storefront'),
];

const HEADER = 'x-releases-demo-user';

/** The claims of a Backstage token, as the app decodes them. */
const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('demo sign-in', () => {
  const env = process.env.NODE_ENV;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        authPlugin,
        demoSignIn,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            auth: { providers: { demo: {} } },
          },
        }),
      ],
    });
    // startTestBackend stops the backend after all tests.
    server = backend.server;
  });

  beforeEach(() => {
    process.env.NODE_ENV = 'development';
  });

  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  const refresh = (demoUser?: string) => {
    const req = request(server)
      .get('/api/auth/demo/refresh')
      .set('X-Requested-With', 'XMLHttpRequest');
    return demoUser === undefined ? req : req.set(HEADER, demoUser);
  };

  it('signs a demo user in with the groups of the catalog', async () => {
    const res = await refresh('sam');

    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/sam',
      ownershipEntityRefs: ['user:default/sam', 'group:default/sre'],
    });
    expect(res.body.profile).toEqual({
      displayName: 'Sam Kowalski',
      email: 'sam@shop.example.com',
    });
    // The token names the user; the backend keeps its ownership refs.
    expect(claims(res.body.backstageIdentity.token).sub).toBe(
      'user:default/sam',
    );
  });

  it('gives each user their own groups', async () => {
    const res = await refresh('grace');

    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.identity.ownershipEntityRefs).toEqual([
      'user:default/grace',
      'group:default/release-managers',
      'group:default/team-shop',
    ]);
  });

  it('refuses a request without the header, naming it', async () => {
    const res = await refresh();

    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain(`Missing ${HEADER} header`);
    expect(res.body.backstageIdentity).toBeUndefined();
  });

  it.each([
    ['../sam'],
    ['sam@shop'],
    ['-sam'],
    ['a'.repeat(64)],
    ['user:default/sam'],
  ])('refuses the header value %p, naming the header', async value => {
    const res = await refresh(value);

    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`Invalid ${HEADER} header`);
    expect(res.body.backstageIdentity).toBeUndefined();
  });

  it('refuses a user the catalog does not have, without a token', async () => {
    const res = await refresh('mallory');

    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe(
      "Cannot sign in as 'mallory': the catalog has no user:default/mallory",
    );
    expect(res.body.backstageIdentity).toBeUndefined();
  });

  it('only signs in users of namespace default', async () => {
    const res = await refresh('guest');

    expect(res.status).toBe(401);
    expect(res.body.backstageIdentity).toBeUndefined();
  });

  it.each([['production'], ['test']])(
    'refuses to sign in with NODE_ENV=%s',
    async nodeEnv => {
      process.env.NODE_ENV = nodeEnv;

      const res = await refresh('sam');

      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Demo sign-in is only available when the backend runs with NODE_ENV=development',
      );
      expect(res.body.backstageIdentity).toBeUndefined();
    },
  );

  describe('GET /api/demo/users', () => {
    it('lists the users of namespace default with their groups, by name, without sign-in', async () => {
      const res = await request(server).get('/api/demo/users');

      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        {
          name: 'ben',
          title: 'Ben Okafor',
          description: 'Ben Okafor of the shop',
          groups: ['team-storefront'],
        },
        {
          name: 'grace',
          title: 'Grace Lindqvist',
          description: 'Grace Lindqvist of the shop',
          groups: ['release-managers', 'team-shop'],
        },
        {
          name: 'sam',
          title: 'Sam Kowalski',
          description: 'Sam Kowalski of the shop',
          groups: ['sre'],
        },
      ]);
    });

    it('refuses outside development', async () => {
      process.env.NODE_ENV = 'production';

      const res = await request(server).get('/api/demo/users');

      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'The demo user list is only available when the backend runs with NODE_ENV=development',
      );
    });
  });
});
