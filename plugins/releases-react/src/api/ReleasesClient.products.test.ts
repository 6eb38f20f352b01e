// The product routes (a System's product releases, the next one, cutting
// it) against one msw server, in the style of ReleasesClient.test.ts.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ResponseError } from '@backstage/errors';
import { ReleasesClient } from './ReleasesClient';
import type {
  CutProductReleaseResponse,
  NextProductReleaseResponse,
  ProductReleasesResponse,
} from './ReleasesApi';

const baseUrl = 'http://backstage.test/api/releases';
const system = 'system:default/shop';

const manifest = {
  product: 'shop',
  version: '3.4.0',
  components: { cart: { version: '1.5.1', tag: 'v1.5.1' } },
};

const releases: ProductReleasesResponse = {
  system,
  releases: [
    {
      tag: 'v3.3.0',
      version: '3.3.0',
      sha: 'a'.repeat(40),
      date: '2026-11-20T10:00:00Z',
      manifest: { ...manifest, version: '3.3.0' },
    },
  ],
  skipped: [{ tag: 'v3.2.9', reason: 'no product.yaml' }],
};

const changelog = {
  product: 'shop',
  version: '3.4.0',
  previousVersion: '3.3.0',
  date: '2026-12-01',
  breakingChanges: 0,
  components: [],
};

const next: NextProductReleaseResponse = {
  system,
  previous: { version: '3.3.0', tag: 'v3.3.0' },
  next: {
    version: '3.4.0',
    bump: 'minor',
    reasons: ['cart 1.5.0 -> 1.5.1: patch'],
    changes: [
      {
        name: 'cart',
        from: '1.5.0',
        to: '1.5.1',
        bump: 'patch',
        change: 'changed',
      },
    ],
    manifest,
  },
  reasons: ['cart 1.5.0 -> 1.5.1: patch'],
  changelog,
  markdown: '## shop 3.4.0',
};

const cut: CutProductReleaseResponse = {
  system,
  tag: 'v3.4.0',
  version: '3.4.0',
  sha: 'b'.repeat(40),
  branch: 'main',
  previous: { version: '3.3.0', tag: 'v3.3.0' },
  manifest,
  changelog,
  markdown: '## shop 3.4.0',
  by: 'user:default/ada',
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

describe('ReleasesClient (products)', () => {
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

  it('lists the product releases of a system, its reference encoded', async () => {
    const urls: string[] = [];
    server.use(
      http.get(`${baseUrl}/products/releases`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json(releases);
      }),
    );

    await expect(client.listProductReleases(system)).resolves.toEqual(releases);
    expect(urls).toEqual([
      `${baseUrl}/products/releases?system=system%3Adefault%2Fshop`,
    ]);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('releases');
  });

  it('surfaces the 400 of a system without product repository', async () => {
    const message =
      'System system:default/shop has no releases-for-backstage.io/product-repo annotation naming its product repository';
    server.use(
      http.get(`${baseUrl}/products/releases`, () =>
        errorBody('InputError', message, 400),
      ),
    );

    const error = await failure(client.listProductReleases(system));
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.cause).toMatchObject({ name: 'InputError', message });
  });

  it('gets the next product release of a system', async () => {
    const searches: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/products/next`, ({ request }) => {
        searches.push(new URL(request.url).searchParams);
        return HttpResponse.json(next);
      }),
    );

    await expect(client.getNextProductRelease(system)).resolves.toEqual(next);
    expect([...searches[0].entries()]).toEqual([['system', system]]);
  });

  it('surfaces the 404 of an unknown system', async () => {
    const message = 'No System system:default/nope';
    server.use(
      http.get(`${baseUrl}/products/next`, () =>
        errorBody('NotFoundError', message, 404),
      ),
    );

    const error = await failure(
      client.getNextProductRelease('system:default/nope'),
    );
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause).toMatchObject({ name: 'NotFoundError', message });
  });

  it('cuts a product release, sending the version only when given', async () => {
    const bodies: unknown[] = [];
    const types: (string | null)[] = [];
    server.use(
      http.post(`${baseUrl}/products/releases`, async ({ request }) => {
        types.push(request.headers.get('content-type'));
        bodies.push(await request.json());
        return HttpResponse.json(cut, { status: 201 });
      }),
    );

    await expect(client.cutProductRelease({ system })).resolves.toEqual(cut);
    await client.cutProductRelease({ system, version: '4.0.0' });

    expect(bodies).toEqual([{ system }, { system, version: '4.0.0' }]);
    expect(types).toEqual(['application/json', 'application/json']);
  });

  it.each([
    [
      409,
      'ConflictError',
      'system:default/shop: no component changed since v3.3.0; there is nothing to release',
    ],
    [403, 'NotAllowedError', 'Not allowed: releases.product.release'],
  ])('surfaces the %i of a refused cut', async (status, name, message) => {
    server.use(
      http.post(`${baseUrl}/products/releases`, () =>
        errorBody(name, message, status),
      ),
    );

    const error = await failure(client.cutProductRelease({ system }));
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(status);
    expect(error.cause).toMatchObject({ name, message });
  });
});
