// The judgement routes (risk, results, votes, windows, freezes, blessed
// releases, hotfixes) against one msw server, in the style of ReleasesClient.test.ts.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ResponseError } from '@backstage/errors';
import type {
  BlessedRelease,
  Freeze,
  Hotfix,
  PromotionVotesResponse,
  RiskResponse,
  TestResult,
  Vote,
  WindowStatus,
} from '@releases-for-backstage/plugin-releases-common';
import { ReleasesClient } from './ReleasesClient';

const baseUrl = 'http://backstage.test/api/releases';
const entityRef = 'component:default/cart';

const riskResponse: RiskResponse = {
  entityRef,
  version: 'next',
  level: 'medium',
  changes: [
    {
      id: '#12',
      title: 'pay with gift cards',
      commits: ['2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
      level: 'medium',
      points: 5,
      labels: { change: { value: 'L', source: 'scm' } },
      unknown: ['component', 'ft-coverage', 'functional', 'feature-toggle'],
      contributions: [{ label: 'change', value: 'L', points: 3 }],
      reasons: ['change L: +3'],
      hardRule: null,
    },
  ],
};

const result: TestResult = {
  id: 'r-1',
  entityRef,
  version: '1.4.0',
  environment: 'qa',
  kind: 'smoke',
  status: 'passed',
  toggle: null,
  url: 'https://ci.example.com/runs/7',
  summary: '12 passed',
  reportedBy: 'user:default/ci',
  reportedAt: '2026-11-20T10:00:00.000Z',
};

const vote: Vote = {
  id: 'v-1',
  promotionId: 'p-1',
  role: 'qa-lead',
  decision: 'go',
  reason: 'smoke is green',
  voter: 'user:default/grace',
  version: 'v1.4.0',
  environment: 'prod',
  castAt: '2026-11-20T10:00:00.000Z',
  void: false,
};

const freeze: Freeze = {
  system: 'system:default/shop',
  reason: 'Black Friday',
  by: 'user:default/ada',
  at: '2026-11-27T00:00:00.000Z',
};

const blessed: BlessedRelease = {
  entityRef,
  version: '1.4.0',
  blessed: false,
  reason: 'corrupts carts',
  by: 'user:default/ada',
  at: '2026-11-20T12:00:00.000Z',
};

const hotfix: Hotfix = {
  entityRef,
  fixSha: 'abcdef0123456789abcdef0123456789abcdef01',
  target: 'v1.4.0',
  branch: 'release/1.4',
  sha: '0123456789abcdef0123456789abcdef01234567',
  tag: 'v1.4.1',
  promotionId: 'p-9',
  notOnMain: false,
  by: 'user:default/ada',
  at: '2026-11-20T12:00:00.000Z',
};

/** The body the backend's error middleware sends. */
function errorBody(name: string, message: string, statusCode: number) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode } },
    { status: statusCode },
  );
}

/** The rejection of a call, to assert on. */
async function failure(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    e => e,
  );
}

describe('ReleasesClient (judgement)', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const fetchApi = {
    fetch: jest.fn((input: RequestInfo | URL, init?: RequestInit) =>
      globalThis.fetch(input, init),
    ),
  };
  const client = new ReleasesClient({ discoveryApi, fetchApi });

  beforeEach(() => jest.clearAllMocks());

  describe('risk', () => {
    it('gets the risk of a version, with only that parameter', async () => {
      const searches: URLSearchParams[] = [];
      server.use(
        http.get(`${baseUrl}/risk`, ({ request }) => {
          searches.push(new URL(request.url).searchParams);
          return HttpResponse.json(riskResponse);
        }),
      );

      await expect(
        client.getRisk({ entityRef, version: 'next' }),
      ).resolves.toEqual(riskResponse);
      await client.getRisk({ entityRef, change: '#12' });

      expect([...searches[0].entries()]).toEqual([
        ['entityRef', entityRef],
        ['version', 'next'],
      ]);
      // `#` would start a fragment if it were not encoded.
      expect([...searches[1].entries()]).toEqual([
        ['entityRef', entityRef],
        ['change', '#12'],
      ]);
    });

    it('surfaces the 400 of an unknown version', async () => {
      const message = 'No release 9.9.9 of component:default/cart';
      server.use(
        http.get(`${baseUrl}/risk`, () =>
          errorBody('InputError', message, 400),
        ),
      );

      const error = await failure(
        client.getRisk({ entityRef, version: '9.9.9' }),
      );
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(400);
      expect(error.cause).toMatchObject({ name: 'InputError', message });
    });
  });

  describe('test results', () => {
    it('lists the results of an entity, of one version when asked', async () => {
      const searches: URLSearchParams[] = [];
      server.use(
        http.get(`${baseUrl}/results`, ({ request }) => {
          searches.push(new URL(request.url).searchParams);
          return HttpResponse.json({ entityRef, results: [result] });
        }),
      );

      await expect(client.listResults({ entityRef })).resolves.toEqual({
        entityRef,
        results: [result],
      });
      await client.listResults({ entityRef, version: 'v1.4.0' });

      expect([...searches[0].entries()]).toEqual([['entityRef', entityRef]]);
      expect([...searches[1].entries()]).toEqual([
        ['entityRef', entityRef],
        ['version', 'v1.4.0'],
      ]);
    });
  });

  describe('votes', () => {
    it('gets the votes of a promotion, encoding its id', async () => {
      const votes: PromotionVotesResponse = {
        promotionId: 'a/b',
        roles: [
          { role: 'qa-lead', groups: ['group:default/qa'], mayVote: true },
        ],
        votes: [vote],
      };
      let path: string | undefined;
      server.use(
        http.get(`${baseUrl}/promotions/:id/votes`, ({ request, params }) => {
          expect(params.id).toBe('a/b');
          path = new URL(request.url).pathname;
          return HttpResponse.json(votes);
        }),
      );

      await expect(client.getVotes('a/b')).resolves.toEqual(votes);
      expect(path).toBe('/api/releases/promotions/a%2Fb/votes');
    });

    it('casts a vote, posting role, decision and reason as JSON', async () => {
      let body: unknown;
      let contentType: string | null = null;
      server.use(
        http.post(`${baseUrl}/promotions/:id/votes`, async ({ request }) => {
          contentType = request.headers.get('content-type');
          body = await request.json();
          return HttpResponse.json(
            { ...vote, decision: 'no-go', reason: 'checkout errors' },
            { status: 201 },
          );
        }),
      );

      await expect(
        client.castVote('p-1', {
          role: 'qa-lead',
          decision: 'no-go',
          reason: 'checkout errors',
        }),
      ).resolves.toMatchObject({ decision: 'no-go' });
      expect(body).toEqual({
        role: 'qa-lead',
        decision: 'no-go',
        reason: 'checkout errors',
      });
      expect(contentType).toBe('application/json');
      expect(fetchApi.fetch).toHaveBeenCalledWith(
        `${baseUrl}/promotions/p-1/votes`,
        expect.objectContaining({ method: 'POST' }),
      );
    });

    it('casts one vote for a whole product promotion', async () => {
      let body: unknown;
      server.use(
        http.post(
          `${baseUrl}/products/promotions/:id/votes`,
          async ({ request, params }) => {
            body = await request.json();
            return HttpResponse.json(
              { productPromotionId: params.id, votes: [vote, vote] },
              { status: 201 },
            );
          },
        ),
      );

      const answer = await client.castProductVote('pp 1', {
        role: 'qa-lead',
        decision: 'go',
        reason: 'all green',
      });
      expect(answer.productPromotionId).toBe('pp 1');
      expect(answer.votes).toHaveLength(2);
      expect(body).toEqual({
        role: 'qa-lead',
        decision: 'go',
        reason: 'all green',
      });
      expect(fetchApi.fetch).toHaveBeenCalledWith(
        `${baseUrl}/products/promotions/pp%201/votes`,
        expect.objectContaining({ method: 'POST' }),
      );
    });

    it('surfaces the 403 of a voter outside the role', async () => {
      const message =
        'user:default/ada is in none of the groups of role qa-lead (group:default/qa)';
      server.use(
        http.post(`${baseUrl}/promotions/:id/votes`, () =>
          errorBody('NotAllowedError', message, 403),
        ),
      );

      const error = await failure(
        client.castVote('p-1', {
          role: 'qa-lead',
          decision: 'go',
          reason: 'fine',
        }),
      );
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(403);
      expect(error.cause).toMatchObject({ name: 'NotAllowedError', message });
    });
  });

  describe('windows and freezes', () => {
    it('gets the window status of an entity', async () => {
      const status: WindowStatus = {
        open: false,
        reason: 'outside window weekday-mornings',
        window: 'weekday-mornings',
        changesAt: '2026-11-23T08:00:00.000Z',
        opensAt: '2026-11-23T08:00:00.000Z',
        votesOpenAt: '2026-11-23T06:00:00.000Z',
        frozen: false,
      };
      let search: string | undefined;
      server.use(
        http.get(`${baseUrl}/windows`, ({ request }) => {
          search = new URL(request.url).search;
          return HttpResponse.json(status);
        }),
      );

      await expect(client.getWindowStatus(entityRef)).resolves.toEqual(status);
      expect(search).toBe('?entityRef=component%3Adefault%2Fcart');
    });

    it('lists, sets and lifts freezes', async () => {
      const bodies: Array<{ path: string; body: unknown }> = [];
      server.use(
        http.get(`${baseUrl}/freezes`, () =>
          HttpResponse.json({ freezes: [freeze] }),
        ),
        http.post(`${baseUrl}/freezes`, async ({ request }) => {
          bodies.push({ path: 'freeze', body: await request.json() });
          return HttpResponse.json(freeze, { status: 201 });
        }),
        http.post(`${baseUrl}/freezes/lift`, async ({ request }) => {
          bodies.push({ path: 'lift', body: await request.json() });
          return HttpResponse.json({ lifted: freeze });
        }),
      );

      await expect(client.listFreezes()).resolves.toEqual({
        freezes: [freeze],
      });
      await expect(
        client.freeze({ system: freeze.system, reason: 'Black Friday' }),
      ).resolves.toEqual(freeze);
      await expect(
        client.liftFreeze({ system: freeze.system, reason: 'over' }),
      ).resolves.toEqual({ lifted: freeze });
      expect(bodies).toEqual([
        {
          path: 'freeze',
          body: { system: 'system:default/shop', reason: 'Black Friday' },
        },
        {
          path: 'lift',
          body: { system: 'system:default/shop', reason: 'over' },
        },
      ]);
    });

    it('surfaces the 409 of a product frozen already', async () => {
      const message = 'system:default/shop is frozen already';
      server.use(
        http.post(`${baseUrl}/freezes`, () =>
          errorBody('ConflictError', message, 409),
        ),
      );

      await expect(
        client.freeze({ system: freeze.system, reason: 'again' }),
      ).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 409,
        cause: { name: 'ConflictError', message },
      });
    });
  });

  describe('blessed releases', () => {
    it('lists the blessed releases of an entity and un-blesses one', async () => {
      let search: string | undefined;
      let body: unknown;
      server.use(
        http.get(`${baseUrl}/blessed`, ({ request }) => {
          search = new URL(request.url).search;
          return HttpResponse.json({
            releases: [{ ...blessed, blessed: true }],
          });
        }),
        http.post(`${baseUrl}/blessed/unbless`, async ({ request }) => {
          body = await request.json();
          return HttpResponse.json(blessed);
        }),
      );

      await expect(client.listBlessed(entityRef)).resolves.toEqual({
        releases: [{ ...blessed, blessed: true }],
      });
      expect(search).toBe('?entityRef=component%3Adefault%2Fcart');
      await expect(
        client.unbless({
          entityRef,
          version: '1.4.0',
          reason: 'corrupts carts',
        }),
      ).resolves.toEqual(blessed);
      expect(body).toEqual({
        entityRef,
        version: '1.4.0',
        reason: 'corrupts carts',
      });
    });

    it('surfaces the 404 of a release that was never blessed', async () => {
      const message = '1.3.0 of component:default/cart is not blessed';
      server.use(
        http.post(`${baseUrl}/blessed/unbless`, () =>
          errorBody('NotFoundError', message, 404),
        ),
      );

      await expect(
        client.unbless({ entityRef, version: '1.3.0', reason: 'no' }),
      ).rejects.toMatchObject({ statusCode: 404, cause: { message } });
    });
  });

  describe('hotfixes', () => {
    it('cuts a hotfix and lists them', async () => {
      let body: unknown;
      let search: string | undefined;
      server.use(
        http.post(`${baseUrl}/hotfixes`, async ({ request }) => {
          body = await request.json();
          return HttpResponse.json(hotfix, { status: 201 });
        }),
        http.get(`${baseUrl}/hotfixes`, ({ request }) => {
          search = new URL(request.url).search;
          return HttpResponse.json({ hotfixes: [hotfix] });
        }),
      );

      await expect(
        client.createHotfix({ entityRef, change: '#12', target: 'v1.4.0' }),
      ).resolves.toEqual(hotfix);
      expect(body).toEqual({ entityRef, change: '#12', target: 'v1.4.0' });
      await expect(client.listHotfixes(entityRef)).resolves.toEqual({
        hotfixes: [hotfix],
      });
      expect(search).toBe('?entityRef=component%3Adefault%2Fcart');
    });

    it('surfaces the 409 of a cherry-pick that conflicts', async () => {
      const message =
        'Cherry-picking abcdef0 onto release/1.4 conflicts in src/cart.ts';
      server.use(
        http.post(`${baseUrl}/hotfixes`, () =>
          errorBody('ConflictError', message, 409),
        ),
      );

      const error = await failure(
        client.createHotfix({ entityRef, change: 'abcdef0', target: 'v1.4.0' }),
      );
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(409);
      expect(error.cause).toMatchObject({ name: 'ConflictError', message });
    });
  });
});
