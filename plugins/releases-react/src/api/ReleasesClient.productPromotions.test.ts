// The product promotion routes (promote a product release, list and read
// product promotions, what each environment runs) against one msw server,
// in the style of ReleasesClient.products.test.ts.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ResponseError } from '@backstage/errors';
import type {
  ProductEnvironmentsResponse,
  ProductPromotion,
} from '@releases-for-backstage/plugin-releases-common';
import { ReleasesClient } from './ReleasesClient';

const baseUrl = 'http://backstage.test/api/releases';
const system = 'system:default/shop';

const promotion: ProductPromotion = {
  id: 'pp-1',
  system,
  version: '2.2.0',
  tag: 'v2.2.0',
  environment: 'qa',
  state: 'active',
  createdBy: 'user:default/ada',
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:00:00Z',
  reason: null,
  commit: null,
  revertCommit: null,
  members: [
    {
      component: 'cart',
      entityRef: 'component:default/cart',
      promotionId: 'p-1',
      manifestVersion: '1.5.0',
      version: 'v1.5.0-rc.1',
      previousVersion: 'v1.4.0-rc.1',
      state: 'requested',
      reason: null,
    },
  ],
  skipped: [
    { component: 'checkout', version: 'v3.0.0-rc.1', reason: 'runs it' },
  ],
};

const environments: ProductEnvironmentsResponse = {
  system,
  environments: [
    {
      environment: 'qa',
      product: { version: '2.1.0', tag: 'v2.1.0' },
      mixed: false,
      components: [
        {
          component: 'cart',
          entityRef: 'component:default/cart',
          version: 'v1.4.0-rc.1',
        },
      ],
    },
  ],
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

describe('ReleasesClient (product promotions)', () => {
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

  it('promotes a product release, sending only the keys that are set', async () => {
    const bodies: unknown[] = [];
    const types: (string | null)[] = [];
    server.use(
      http.post(`${baseUrl}/products/promotions`, async ({ request }) => {
        types.push(request.headers.get('content-type'));
        bodies.push(await request.json());
        return HttpResponse.json(promotion, { status: 201 });
      }),
    );

    await expect(
      client.promoteProductRelease({
        system,
        version: '2.2.0',
        environment: 'qa',
      }),
    ).resolves.toEqual(promotion);
    await client.promoteProductRelease({
      system,
      version: 'v2.2.0',
      environment: 'prod',
      reason: 'release train',
      idempotencyKey: 'k-1',
    });

    expect(bodies).toEqual([
      { system, version: '2.2.0', environment: 'qa' },
      {
        system,
        version: 'v2.2.0',
        environment: 'prod',
        reason: 'release train',
        idempotencyKey: 'k-1',
      },
    ]);
    expect(types).toEqual(['application/json', 'application/json']);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('releases');
  });

  it.each([
    [400, 'InputError', 'cart: v1.5.0 may not go to prod before staging'],
    [403, 'NotAllowedError', 'Not allowed to promote component:default/cart'],
    [409, 'ConflictError', 'cart already has an active promotion in qa (p-9)'],
  ])(
    'surfaces the %i of a refused promotion',
    async (status, name, message) => {
      server.use(
        http.post(`${baseUrl}/products/promotions`, () =>
          errorBody(name, message, status),
        ),
      );

      const error = await failure(
        client.promoteProductRelease({
          system,
          version: '2.2.0',
          environment: 'qa',
        }),
      );
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(status);
      expect(error.cause).toMatchObject({ name, message });
    },
  );

  it('lists the product promotions of a system, with environment and limit only when given', async () => {
    const searches: [string, string][][] = [];
    server.use(
      http.get(`${baseUrl}/products/promotions`, ({ request }) => {
        searches.push([...new URL(request.url).searchParams.entries()]);
        return HttpResponse.json({ items: [promotion] });
      }),
    );

    await expect(client.listProductPromotions(system)).resolves.toEqual({
      items: [promotion],
    });
    await client.listProductPromotions(system, {
      environment: 'qa',
      limit: 5,
    });

    expect(searches).toEqual([
      [['system', system]],
      [
        ['system', system],
        ['environment', 'qa'],
        ['limit', '5'],
      ],
    ]);
  });

  it('gets one product promotion by id, encoded, and surfaces its 404', async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${baseUrl}/products/promotions/:id`, ({ request, params }) => {
        paths.push(new URL(request.url).pathname);
        return params.id === 'pp-1'
          ? HttpResponse.json(promotion)
          : errorBody('NotFoundError', 'No product promotion a/b', 404);
      }),
    );

    await expect(client.getProductPromotion('pp-1')).resolves.toEqual(
      promotion,
    );
    const error = await failure(client.getProductPromotion('a/b'));

    expect(paths).toEqual([
      '/api/releases/products/promotions/pp-1',
      '/api/releases/products/promotions/a%2Fb',
    ]);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
  });

  it('gets what each environment of a system runs', async () => {
    const urls: string[] = [];
    server.use(
      http.get(`${baseUrl}/products/environments`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json(environments);
      }),
    );

    await expect(client.getProductEnvironments(system)).resolves.toEqual(
      environments,
    );
    expect(urls).toEqual([
      `${baseUrl}/products/environments?system=system%3Adefault%2Fshop`,
    ]);
  });
});
