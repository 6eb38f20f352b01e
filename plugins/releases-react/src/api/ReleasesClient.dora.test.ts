// The DORA metrics of a component or a product against one msw server, in
// the style of ReleasesClient.test.ts.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ResponseError } from '@backstage/errors';
import type { DoraResponse } from '@releases-for-backstage/plugin-releases-common';
import { ReleasesClient } from './ReleasesClient';

const baseUrl = 'http://backstage.test/api/releases';

const noDeployments = 'no deployments from 2026-11-01 to 2026-12-01';
const metrics: DoraResponse = {
  entityRef: 'component:default/cart',
  environment: 'prod',
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  bucket: 'week',
  deploymentFrequency: {
    deployments: 0,
    perDay: null,
    perWeek: null,
    band: null,
    reason: noDeployments,
  },
  leadTime: {
    commits: 0,
    medianSeconds: null,
    p90Seconds: null,
    band: null,
    reason: noDeployments,
  },
  changeFailureRate: {
    failed: 0,
    rate: null,
    band: null,
    reason: noDeployments,
  },
  timeToRestore: {
    restored: 0,
    unrestored: 0,
    medianSeconds: null,
    band: null,
    reason: noDeployments,
  },
  reworkRate: { rework: 0, rate: null, band: null, reason: noDeployments },
  series: [],
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

describe('ReleasesClient (DORA)', () => {
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

  function recordUrls(): string[] {
    const urls: string[] = [];
    server.use(
      http.get(`${baseUrl}/dora`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json(metrics);
      }),
    );
    return urls;
  }

  it('gets the metrics of a component over a range, every field encoded', async () => {
    const urls = recordUrls();

    await expect(
      client.getDoraMetrics({
        entityRef: 'component:default/cart',
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000+01:00',
        environment: 'prod',
        bucket: 'week',
      }),
    ).resolves.toEqual(metrics);
    const url = new URL(urls[0]);
    expect(url.pathname).toBe('/api/releases/dora');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      entityRef: 'component:default/cart',
      from: '2026-11-01T00:00:00.000Z',
      // The `+` of the offset must reach the backend, not become a space.
      to: '2026-12-01T00:00:00.000+01:00',
      environment: 'prod',
      bucket: 'week',
    });
    expect(url.search).toContain('to=2026-12-01T00%3A00%3A00.000%2B01%3A00');
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('releases');
    expect(fetchApi.fetch).toHaveBeenCalledTimes(1);
  });

  it('sends only the fields given, for a product', async () => {
    const urls = recordUrls();

    await client.getDoraMetrics({ system: 'system:default/shop' });
    expect(urls).toEqual([`${baseUrl}/dora?system=system%3Adefault%2Fshop`]);
  });

  it.each([
    [
      400,
      'InputError',
      'Invalid query: to is more than 366 days after from; ask for a year at most',
    ],
    [404, 'NotFoundError', 'No System system:default/nope'],
  ])('surfaces the %i of the backend', async (status, name, message) => {
    server.use(
      http.get(`${baseUrl}/dora`, () => errorBody(name, message, status)),
    );

    const error = await failure(
      client.getDoraMetrics({ system: 'system:default/nope' }),
    );
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(status);
    expect(error.cause).toMatchObject({ name, message });
  });
});
