// Over 400 lines: Every case of the Jira trigger (signatures, mappings, versions, redelivery, refusals) against one started backend fixture.
import { createHmac } from 'node:crypto';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { GitFixture } from '@releases-for-backstage/plugin-releases-node/testUtils';
import { releasesExecutorsExtensionPoint } from '@releases-for-backstage/plugin-releases-node';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import { verifyJiraSignature } from './jiraWebhook';
import {
  FINISHED,
  waitForPromotion,
  releasesTestDatabases,
} from './__testUtils__/promotionFixtures';

jest.setTimeout(120_000);

const databases = releasesTestDatabases();

const SECRET = 'jira-webhook-secret';
const CART = 'component:default/cart';
const CHECKOUT = 'component:default/checkout';
const USER = mockCredentials.user.header();

const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A Jira Cloud `jira:issue_updated` delivery, trimmed to what matters plus some noise. */
function issueMoved(
  options: {
    to?: string;
    components?: string[];
    fixVersions?: string[];
    changelogId?: string;
  } = {},
) {
  return {
    timestamp: 1763632800000,
    webhookEvent: 'jira:issue_updated',
    issue_event_type_name: 'issue_generic',
    user: {
      accountId: '5b10ac8d82e05b22cc7d4ef5',
      emailAddress: 'ann@example.com',
      displayName: 'Ann',
    },
    issue: {
      id: '10042',
      key: 'SHOP-42',
      fields: {
        summary: 'Coupons',
        components: (options.components ?? ['cart', 'checkout']).map(
          (name, i) => ({ id: String(100 + i), name }),
        ),
        fixVersions: (options.fixVersions ?? []).map((name, i) => ({
          id: String(200 + i),
          name,
          released: false,
        })),
      },
    },
    changelog: {
      id: options.changelogId ?? '30001',
      items: [
        {
          field: 'assignee',
          fieldtype: 'jira',
          from: null,
          fromString: null,
          to: 'x',
          toString: 'Ann',
        },
        {
          field: 'status',
          fieldtype: 'jira',
          from: '3',
          fromString: 'In Progress',
          to: '10001',
          toString: options.to ?? 'Ready for QA',
        },
      ],
    },
  };
}

/** An executor held shut until released, to keep a promotion active. */
function gatedExecutor() {
  let open!: () => void;
  const gate = new Promise<void>(resolve => {
    open = resolve;
  });
  const module = createBackendModule({
    pluginId: 'releases',
    moduleId: 'test-gate',
    register(env) {
      env.registerInit({
        deps: { executors: releasesExecutorsExtensionPoint },
        async init({ executors }) {
          executors.addExecutor({ id: 'gate', execute: () => gate });
        },
      });
    },
  });
  return { module, open };
}

describe('verifyJiraSignature', () => {
  const body = Buffer.from('{"webhookEvent":"jira:issue_updated"}');
  it('accepts only the HMAC-SHA256 of the exact bytes with the secret', () => {
    expect(verifyJiraSignature(body, sign(body.toString()), SECRET)).toBe(true);
    expect(
      verifyJiraSignature(
        body,
        sign(body.toString()).toUpperCase().replace('SHA256=', 'sha256='),
        SECRET,
      ),
    ).toBe(true);
    expect(
      verifyJiraSignature(body, sign(body.toString(), 'other'), SECRET),
    ).toBe(false);
    expect(
      verifyJiraSignature(
        Buffer.from(`${body} `),
        sign(body.toString()),
        SECRET,
      ),
    ).toBe(false);
    expect(verifyJiraSignature(body, undefined, SECRET)).toBe(false);
    expect(
      verifyJiraSignature(
        body,
        sign(body.toString()).replace('sha256=', ''),
        SECRET,
      ),
    ).toBe(false);
    expect(verifyJiraSignature(body, 'sha256=abcd', SECRET)).toBe(false);
  });
});

describe.each(databases.eachSupportedId())('Jira webhook on %p', databaseId => {
  let cart: GitFixture;
  let checkout: GitFixture;
  let envRepo: GitFixture;

  beforeEach(() => {
    cart = GitFixture.create();
    cart.commit('feat: first');
    cart.tag('v1.0.0');
    cart.commit('feat(cart): coupons');
    checkout = GitFixture.create();
    checkout.commit('feat: first');
    checkout.tag('v1.0.0');
    checkout.commit('feat: coupons at checkout');
    envRepo = GitFixture.create();
    envRepo.commit('chore: environments');
  });
  afterEach(() => {
    for (const fx of [cart, checkout, envRepo]) fx.cleanup();
  });

  async function start(
    options: { jira?: JsonObject | null; extra?: any[] } = {},
  ) {
    const knex = await databases.init(databaseId);
    const auditor = mockServices.auditor.mock();
    const component = (name: string, dir: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        annotations: { 'releases-for-backstage.io/git-repo': dir },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'team-a',
        system: 'shop',
      },
    });
    const { server } = await startTestBackend({
      features: [
        releasesPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            releases: {
              git: { dangerouslyAllowLocalRepositories: true },
              refresh: { initialDelay: { hours: 1 } },
              promotions: { frequency: { seconds: 1 } },
              ...(options.jira === null
                ? {}
                : {
                    jira: options.jira ?? {
                      webhookSecret: SECRET,
                      transitions: [
                        { status: 'Ready for QA', environment: 'qa' },
                        { status: 'Ready for Prod', environment: 'prod' },
                      ],
                    },
                  }),
            },
          },
        }),
        // Requests without a token have no credentials, as Jira's do.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        auditor.factory,
        catalogServiceMock.factory({
          entities: [
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
            component('cart', cart.dir),
            component('checkout', checkout.dir),
          ],
        }),
        ...(options.extra ?? []),
      ],
    });
    const count = async () =>
      Number((await knex('promotions').count({ n: '*' }))[0].n);
    return { server, knex, auditor, count };
  }

  function deliver(server: any, payload: unknown, signature?: string) {
    const body =
      typeof payload === 'string' ? payload : JSON.stringify(payload);
    const req = request(server)
      .post('/api/releases/webhooks/jira')
      .set('Content-Type', 'application/json');
    return req.set('X-Hub-Signature', signature ?? sign(body)).send(body);
  }

  const waitDone = (server: any, id: string) =>
    waitForPromotion(server, id, FINISHED, { authorization: USER });

  it('promotes the issue components to the mapped environment, once per change', async () => {
    const { server, auditor, count } = await start();
    const payload = issueMoved({
      components: ['cart', 'checkout', 'ghost'],
      fixVersions: ['Sprint 12 release', '1.1.0'],
    });
    const res = await deliver(server, payload);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      issue: 'SHOP-42',
      status: 'Ready for QA',
      environment: 'qa',
      version: '1.1.0',
      promotions: [
        {
          entityRef: CART,
          id: expect.any(String),
          state: 'requested',
          created: true,
        },
        {
          entityRef: CHECKOUT,
          id: expect.any(String),
          state: 'requested',
          created: true,
        },
      ],
      refused: [
        {
          entityRef: 'component:default/ghost',
          status: 404,
          reason: expect.stringMatching(/ghost not found in the catalog/),
        },
      ],
    });

    const ids = res.body.promotions.map((p: any) => p.id);
    for (const id of ids) {
      expect(await waitDone(server, id)).toMatchObject({
        state: 'succeeded',
        environment: 'qa',
        version: 'v1.1.0-rc.1',
        createdBy: 'jira:ann@example.com',
        idempotencyKey: expect.stringMatching(
          /^jira:SHOP-42:30001:component:default\/(cart|checkout)$/,
        ),
      });
    }
    expect(cart.git('tag', '--list', 'v1.1.0-rc.*')).toBe('v1.1.0-rc.1');
    expect(checkout.git('tag', '--list', 'v1.1.0-rc.*')).toBe('v1.1.0-rc.1');

    // Jira retries a delivery it thinks failed: same promotions, nothing new.
    const retry = await deliver(server, payload);
    expect(retry.status).toBe(202);
    expect(
      retry.body.promotions.map((p: any) => [p.id, p.created, p.state]),
    ).toEqual([
      [ids[0], false, 'succeeded'],
      [ids[1], false, 'succeeded'],
    ]);
    expect(await count()).toBe(2);
    expect(cart.git('tag', '--list', 'v1.1.0-rc.*')).toBe('v1.1.0-rc.1');

    const created = auditor.createEvent.mock.calls
      .map(([e]) => e)
      .filter(e => e.meta?.entityRef === CART);
    expect(created[0]).toMatchObject({
      eventId: 'promotion-create',
      meta: {
        source: 'jira',
        actor: 'jira:ann@example.com',
        issue: 'SHOP-42',
        entityRef: CART,
        environment: 'qa',
        version: '1.1.0',
      },
    });
    const audit = await request(server)
      .get('/api/releases/audit')
      .query({ entityRef: CART })
      .set('Authorization', USER);
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'promotion-create',
        actor: 'jira:ann@example.com',
      }),
    );
  });

  it('uses the account id without an email, and the default version without a fix version that is a tag', async () => {
    const { server } = await start();
    const payload = issueMoved({
      components: ['cart'],
      fixVersions: ['Q4 release'],
    });
    payload.user = { accountId: '5b10ac8d82e05b22cc7d4ef5' } as any;
    const res = await deliver(server, payload);
    expect(res.status).toBe(202);
    expect(res.body.version).toBeNull();
    const done = await waitDone(server, res.body.promotions[0].id);
    expect(done).toMatchObject({
      state: 'succeeded',
      version: 'v1.1.0-rc.1',
      requestedVersion: null,
      createdBy: 'jira:5b10ac8d82e05b22cc7d4ef5',
    });
  });

  it('reports refused components per entity: 400 from planning, 409 for an active promotion', async () => {
    const gate = gatedExecutor();
    const { server, count } = await start({ extra: [gate.module] });

    // prod takes the highest rc of a version; there is none of 1.1.0 yet.
    const prod = await deliver(
      server,
      issueMoved({
        to: 'ready for prod',
        fixVersions: ['1.1.0'],
        changelogId: '30002',
      }),
    );
    expect(prod.status).toBe(202);
    expect(prod.body.environment).toBe('prod');
    expect(prod.body.promotions).toEqual([]);
    expect(prod.body.refused).toEqual([
      {
        entityRef: CART,
        status: 400,
        reason: expect.stringMatching(/No release candidate of 1\.1\.0/),
      },
      {
        entityRef: CHECKOUT,
        status: 400,
        reason: expect.stringMatching(/No release candidate of 1\.1\.0/),
      },
    ]);
    expect(await count()).toBe(0);

    const active = await request(server)
      .post('/api/releases/promotions')
      .set('Authorization', USER)
      .send({ entityRef: CART, environment: 'qa' });
    expect(active.status).toBe(201);
    const qa = await deliver(server, issueMoved({ changelogId: '30003' }));
    expect(qa.status).toBe(202);
    expect(qa.body.refused).toEqual([
      {
        entityRef: CART,
        status: 409,
        reason: `Promotion ${active.body.id} is already active for ${CART} in qa`,
      },
    ]);
    expect(qa.body.promotions).toEqual([
      expect.objectContaining({ entityRef: CHECKOUT, created: true }),
    ]);
    gate.open();
    await waitDone(server, active.body.id);
    expect(await count()).toBe(2);
  });

  it('answers 401 to a missing or wrong signature and writes nothing', async () => {
    const { server, knex, count } = await start();
    const body = JSON.stringify(issueMoved());
    const cases = [
      request(server)
        .post('/api/releases/webhooks/jira')
        .set('Content-Type', 'application/json')
        .send(body),
      deliver(server, body, sign(body, 'not-the-secret')),
      deliver(server, body, 'sha256=zz'),
      // A body changed after signing.
      deliver(server, body.replace('SHOP-42', 'SHOP-43'), sign(body)),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(401);
      expect(res.body.error.name).toBe('AuthenticationError');
    }
    expect(await count()).toBe(0);
    expect(Number((await knex('audit_log').count({ n: '*' }))[0].n)).toBe(0);
    expect(cart.git('tag', '--list')).toBe('v1.0.0');
  });

  it('answers 404 when no webhook secret is configured', async () => {
    const { server, count } = await start({ jira: null });
    const res = await deliver(server, issueMoved());
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/releases\.jira\.webhookSecret/);
    expect(await count()).toBe(0);
  });

  it('names the field of a malformed payload, and ignores what is no mapped transition', async () => {
    const { server, count } = await start();
    const noKey = issueMoved() as any;
    delete noKey.issue.key;
    const badComponents = issueMoved() as any;
    badComponents.issue.fields.components = 'cart';
    const noToString = issueMoved() as any;
    delete noToString.changelog.items[1].toString;
    const bad: Array<[unknown, RegExp]> = [
      ['{"webhookEvent":', /not JSON/],
      [[1, 2], /Invalid request body: .*object/],
      [{ issue: {} }, /webhookEvent is required/],
      [noKey, /issue\.key is required/],
      [badComponents, /issue\.fields\.components must be an array/],
      [
        { ...issueMoved(), changelog: { id: 'x', items: [] } },
        /changelog\.id must be a number/,
      ],
      [noToString, /changelog\.items\.1\.toString is required/],
    ];
    for (const [payload, message] of bad) {
      const res = await deliver(server, payload);
      expect({ payload, status: res.status }).toEqual({ payload, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }

    const ignored: Array<[unknown, string]> = [
      [
        { webhookEvent: 'jira:issue_created', issue: { key: 'SHOP-1' } },
        "webhookEvent 'jira:issue_created' is not an issue update",
      ],
      [
        { ...issueMoved(), changelog: undefined },
        'issue SHOP-42 did not change status',
      ],
      [
        issueMoved({ to: 'Done' }),
        "status 'Done' of issue SHOP-42 is not mapped to an environment",
      ],
      [issueMoved({ components: [] }), 'issue SHOP-42 has no components'],
    ];
    for (const [payload, why] of ignored) {
      const res = await deliver(server, payload);
      expect({ why, status: res.status, body: res.body }).toEqual({
        why,
        status: 202,
        body: { ignored: why },
      });
    }
    expect(await count()).toBe(0);
  });

  it('keeps every other route behind Backstage auth', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/releases/promotions')
      .query({ entityRef: CART });
    expect(res.status).toBe(401);
  });
});
