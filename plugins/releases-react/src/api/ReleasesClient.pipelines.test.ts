// The pipeline trace of a version against one msw server, in the style of
// ReleasesClient.test.ts.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ResponseError } from '@backstage/errors';
import type { PipelineTrace } from '@releases-for-backstage/plugin-releases-common';
import { ReleasesClient } from './ReleasesClient';

const baseUrl = 'http://backstage.test/api/releases';
const entityRef = 'component:default/cart';

const trace: PipelineTrace = {
  entityRef,
  version: 'v1.5.0-rc.1',
  stages: [
    {
      name: 'unit-tests',
      status: 'succeeded',
      startedAt: '2026-12-03T10:00:00Z',
      finishedAt: '2026-12-03T10:04:00Z',
      url: 'https://ci.example.com/runs/42',
      detail: 'coverage 84%',
      reportedBy: 'user:default/ci',
      reportedAt: '2026-12-03T10:04:01Z',
    },
  ],
  chartVersion: 'cart-1-5-0-1a2b3c4',
  schema: null,
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

describe('ReleasesClient (pipelines)', () => {
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

  it('gets the trace of a tag, the entity reference and tag encoded', async () => {
    const urls: string[] = [];
    server.use(
      http.get(`${baseUrl}/pipelines`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json(trace);
      }),
    );

    await expect(
      client.getPipelineTrace(entityRef, 'v1.5.0-rc.1'),
    ).resolves.toEqual(trace);
    expect(urls).toEqual([
      `${baseUrl}/pipelines?entityRef=component%3Adefault%2Fcart&version=v1.5.0-rc.1`,
    ]);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('releases');
    expect(fetchApi.fetch).toHaveBeenCalledTimes(1);
  });

  it('resolves with no stages for a version nothing reported', async () => {
    const empty: PipelineTrace = {
      entityRef,
      version: 'v1.6.0',
      stages: [],
      chartVersion: null,
      schema: null,
    };
    server.use(
      http.get(`${baseUrl}/pipelines`, () => HttpResponse.json(empty)),
    );

    await expect(client.getPipelineTrace(entityRef, 'v1.6.0')).resolves.toEqual(
      empty,
    );
  });

  it.each([
    [
      400,
      'InputError',
      "'banana' is neither a version nor a tag of component:default/cart (tag prefix 'v')",
    ],
    [404, 'NotFoundError', 'No Component component:default/nope'],
  ])('surfaces the %i of the backend', async (status, name, message) => {
    server.use(
      http.get(`${baseUrl}/pipelines`, () => errorBody(name, message, status)),
    );

    const error = await failure(client.getPipelineTrace(entityRef, 'banana'));
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(status);
    expect(error.cause).toMatchObject({ name, message });
  });
});
